import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ROLES, type Role } from '@gotong/domain/roles';
import { PageQuery } from '../common/pagination';

export const AGENCY_KINDS = ['BADAN', 'DINAS', 'SEKRETARIAT', 'INSPEKTORAT', 'SATUAN', 'KECAMATAN'] as const;
export type AgencyKindName = (typeof AGENCY_KINDS)[number];
export const OFFICES = ['BUPATI', 'WAKIL_BUPATI', 'SEKDA', 'ASISTEN'] as const;
export type OfficeName = (typeof OFFICES)[number];

/** Usernames as the seed writes them: lower case, e.g. staff.dinkes. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,49}$/;
/** OPD codes as the seed writes them: upper case, e.g. DINKES, KEC-TONGAS. */
export const AGENCY_CODE = /^[A-Z][A-Z0-9-]{1,31}$/;
/** E.164 Indonesian numbers for the WhatsApp/SMS gateway. */
export const PHONE = /^\+62\d{8,13}$/;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** An empty string clears an optional field (forms and spreadsheets send empty cells). */
const emptyToNull = ({ value }: { value: unknown }) => {
  const trimmed = typeof value === 'string' ? value.trim() : value;
  return trimmed === '' ? null : trimmed;
};

export class CreateAgencyDto {
  @ApiProperty({ example: 'DISHUB', description: 'Upper case letters, digits and hyphens' })
  @Transform(trim)
  @IsString()
  @Matches(AGENCY_CODE, { message: 'code must be upper case letters, digits or hyphens (e.g. DISHUB)' })
  code!: string;

  @ApiProperty({ example: 'Dinas Perhubungan' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS, { message: `kind must be one of ${AGENCY_KINDS.join(', ')}` })
  kind!: AgencyKindName;
}

export class RenameAgencyDto {
  @ApiProperty({ example: 'Dinas Perhubungan dan Perhubungan Darat' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

/** A LEADERSHIP account names its office (BUPATI, WAKIL_BUPATI, SEKDA, ASISTEN); no other account has one. */
export function officeProblem(role: unknown, office: unknown): string | null {
  const given = office !== null && office !== undefined;
  if (role === 'LEADERSHIP' && !given) return `office is required for LEADERSHIP (${OFFICES.join(', ')})`;
  if (given && !(OFFICES as readonly unknown[]).includes(office))
    return `office must be one of ${OFFICES.join(', ')}`;
  if (given && role !== 'LEADERSHIP') return 'office is only for LEADERSHIP accounts';
  return null;
}

@ValidatorConstraint({ name: 'officeForRole' })
class OfficeForRole implements ValidatorConstraintInterface {
  validate(office: unknown, args: ValidationArguments): boolean {
    return officeProblem((args.object as { role?: unknown }).role, office) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return officeProblem((args.object as { role?: unknown }).role, args.value) ?? 'office is invalid';
  }
}

/** The fields of one account, shared by the API's create and the bulk import's rows. */
export class CreateUserDto {
  @ApiProperty({ example: 'staff2.dishub', description: 'Lower case letters, digits, dots, hyphens' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Matches(USERNAME, {
    message: 'username must be 3–50 lower case letters, digits, dots, hyphens or underscores',
  })
  username!: string;

  @ApiProperty({ example: 'Siti Aminah' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName!: string;

  @ApiProperty({ enum: ROLES })
  @Transform(trim)
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ example: 'DINKES' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString()
  @IsNotEmpty()
  agencyCode!: string;

  @ApiPropertyOptional({ enum: OFFICES, description: 'Required for LEADERSHIP, not allowed otherwise' })
  @Transform(emptyToNull)
  @Validate(OfficeForRole)
  office?: OfficeName | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Analis Kebijakan' })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  position?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'siti@probolinggokab.go.id' })
  @Transform(emptyToNull)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+6281234567890' })
  @Transform(emptyToNull)
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be an Indonesian number in E.164 form, e.g. +6281234567890' })
  phone?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Transform(trim)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: 'DINKES' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  agencyCode?: string;

  @ApiPropertyOptional({ enum: OFFICES, nullable: true })
  @Transform(emptyToNull)
  @IsOptional()
  @IsIn(OFFICES, { message: `office must be one of ${OFFICES.join(', ')}` })
  office?: OfficeName | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  position?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Transform(emptyToNull)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Transform(emptyToNull)
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be an Indonesian number in E.164 form, e.g. +6281234567890' })
  phone?: string | null;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'DINKES' })
  @IsOptional()
  @IsString()
  agencyCode?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Only active (true) or only deactivated (false) accounts' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the username or the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

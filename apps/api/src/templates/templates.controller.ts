import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { ParseInt4Pipe } from '../common/hostile-input';
import { TemplatesService } from './templates.service';

const EXAMPLE = {
  code: 'koordinasi-posyandu',
  name: 'Koordinasi Posyandu',
  description: 'Data posyandu aktif dari Dinkes, lalu dukungan dana desa dari DPMD.',
  category: 'PROGRAM',
  parameters: [{ key: 'kecamatan', label: 'Kecamatan', type: 'kecamatan', required: true }],
  steps: [
    {
      key: 'data-posyandu',
      title: 'Data posyandu aktif',
      instructions: 'Isikan jumlah posyandu aktif per desa.',
      owner: { agency: 'DINKES' },
      form: {
        fields: [
          {
            key: 'posyanduAktif',
            label: 'Posyandu aktif',
            type: 'integer',
            required: true,
            perArea: 'desa',
            unit: 'posyandu',
          },
        ],
      },
      sla: { amount: 5, unit: 'workingDays' },
      dependsOn: [],
    },
    {
      key: 'dana-desa',
      title: 'Dukungan dana desa',
      instructions: 'Isikan alokasi dana desa untuk posyandu.',
      owner: { agency: 'DPMD' },
      form: {
        fields: [{ key: 'alokasi', label: 'Alokasi', type: 'number', required: true, unit: 'Rp', min: 0 }],
      },
      sla: { amount: 3, unit: 'workingDays' },
      dependsOn: ['data-posyandu'],
      escalation: {
        levels: [
          { level: 1, timeout: { amount: 1, unit: 'workingDays' }, repeats: 1 },
          { level: 2, timeout: { amount: 2, unit: 'workingDays' }, repeats: 0 },
        ],
      },
    },
  ],
};

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** The body is a template definition; its problems come back all at once, each naming where it is. */
  @Post()
  @ApiBody({
    description: 'A template definition (steps form a DAG through dependsOn)',
    schema: { type: 'object', example: EXAMPLE },
  })
  @ApiCreatedResponse({ description: 'Saved as the next version of its code' })
  @ApiBadRequestResponse({
    description: 'e.g. a dependency cycle, an unknown OPD, a missing step, an empty form',
  })
  @ApiForbiddenResponse({
    description:
      'Only ADMIN and LEAD define templates; a new version only an ADMIN or a LEAD of the owning OPD',
  })
  @ApiOperation({ summary: 'Save a project template (a new version of its code)' })
  create(@Auth() auth: AuthContext, @Body() definition: object) {
    return this.templates.create(auth, definition);
  }

  @Get()
  @ApiOkResponse({ description: 'The newest version of every template' })
  @ApiOperation({ summary: 'List the newest version of every template' })
  list() {
    return this.templates.list();
  }

  @Get('responsibilities')
  @ApiOkResponse({ description: 'The responsibility matrix that resolves step owners to OPDs' })
  @ApiOperation({ summary: 'The responsibility matrix (step owner → OPD)' })
  responsibilities() {
    return this.templates.responsibilities();
  }

  @Get(':code')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One template, newest version' })
  get(@Param('code') code: string) {
    return this.templates.get(code);
  }

  @Get(':code/versions/:version')
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'One version of a template' })
  getVersion(@Param('code') code: string, @Param('version', ParseInt4Pipe) version: number) {
    return this.templates.get(code, version);
  }
}

import { Controller, Get, NotFoundException, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  areaByCode,
  KABUPATEN_PROBOLINGGO_AREA,
  KECAMATAN_AREAS,
  searchAreas,
  villagesOf,
  WILAYAH_DECREE,
  type Area,
} from '@gotong/domain/region';
import { AreaSearchDto, AreasQuery, AreaTreeDto, KecamatanVillagesDto } from './areas.dto';

const plain = (a: Area) => ({ code: a.code, name: a.name, level: a.level, parentCode: a.parentCode });

/**
 * The regency's areas (libs/domain/src/region, Kepmendagri 2025 kode wilayah): the same list every validator
 * judges desa codes by. Reference data, readable by every signed-in user.
 */
@ApiTags('areas')
@ApiBearerAuth()
@ApiExtraModels(AreaTreeDto, KecamatanVillagesDto, AreaSearchDto)
@Controller('areas')
export class AreasController {
  @Get()
  @ApiOperation({
    summary:
      'The kabupaten → kecamatan → desa/kelurahan tree; ?kecamatan= one kecamatan’s villages; ?q= search',
  })
  @ApiOkResponse({
    description:
      'Without parameters the whole tree; with kecamatan that kecamatan and its villages; with q the areas ' +
      'whose name matches (within the kecamatan when both are given)',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(AreaTreeDto) },
        { $ref: getSchemaPath(KecamatanVillagesDto) },
        { $ref: getSchemaPath(AreaSearchDto) },
      ],
    },
  })
  @ApiNotFoundResponse({ description: 'kecamatan is not a kecamatan of Kabupaten Probolinggo' })
  list(@Query() query: AreasQuery): AreaTreeDto | KecamatanVillagesDto | AreaSearchDto {
    const kecamatan = query.kecamatan === undefined ? undefined : areaByCode(query.kecamatan);
    if (query.kecamatan !== undefined && kecamatan?.level !== 'KECAMATAN') {
      throw new NotFoundException(`${query.kecamatan} is not a kecamatan of Kabupaten Probolinggo`);
    }
    if (query.q !== undefined) {
      const items = searchAreas(query.q).filter(
        (a) => !kecamatan || a.code === kecamatan.code || a.parentCode === kecamatan.code,
      );
      return { q: query.q, items: items.map(plain) };
    }
    if (kecamatan) {
      return { kecamatan: plain(kecamatan), villages: villagesOf(kecamatan.code).map(plain) };
    }
    return {
      code: KABUPATEN_PROBOLINGGO_AREA.code,
      name: KABUPATEN_PROBOLINGGO_AREA.name,
      level: 'KABUPATEN',
      parentCode: null,
      decree: WILAYAH_DECREE,
      kecamatan: KECAMATAN_AREAS.map((k) => ({ ...plain(k), villages: villagesOf(k.code).map(plain) })),
    };
  }
}

import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { validateRoomProfile } from '@kerma/dosimetry';
import {
  actorOf,
  AllowRoles,
  ApiErrors,
  assertKnownQuery,
  CurrentPrincipal,
  GUARDED,
  sitesToQuery,
  type Principal,
  Audited,
  JSON_BODY_LIMIT,
} from '@kerma/platform';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';
import { RoomsService } from './rooms.service';
import type { Room } from './room.entity';
import type { RoomProfileVersion } from './room-profile-version.entity';
import { COMMISSIONED, ROOM_DETAIL, ROOM_LIST, ROOM_RECOMPUTED } from './rooms-api-schemas';

const commissioningBody = z.object({ profile: z.unknown(), note: z.string().max(2000).optional(), by: z.string().min(1).max(128).optional() }).strict();

function roomView(room: Room, studyCount: number) {
  return {
    roomId: room.roomId,
    identifiedBy: room.identifiedBy,
    manufacturer: room.manufacturer,
    modelName: room.modelName,
    stationName: room.stationName,
    serialNumber: room.serialNumber,
    sites: room.sites,
    profile: { id: room.profileId, version: room.profileVersion, selectedBy: room.profileSelectedBy },
    commissioned: room.commissionedVersion !== null,
    commissionedVersion: room.commissionedVersion,
    studyCount,
    firstSeenAt: room.firstSeenAt,
    lastSeenAt: room.lastSeenAt,
  };
}

const versionView = (v: RoomProfileVersion) => ({
  version: v.version,
  commissionedBy: v.commissionedBy,
  commissionedAt: v.commissionedAt,
  note: v.note,
  profile: v.profile,
});

/**
 * Rooms (installed units) seen in dose reports and their commissioning. Commissioning stores a new
 * room-profile version; the room's earlier results stay as they are until POST …:recompute (decision 0008).
 */
@ApiTags('rooms')
@Controller('api/v1/rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly studies: SkinDoseStudiesService,
  ) {}

  @Get()
  @AllowRoles('viewer', 'physicist', 'site-admin')
  @ApiQuery({ name: 'site', required: false, description: 'Only rooms of this site (within your scope)' })
  @ApiOkResponse({ description: 'Rooms seen in your site scope, most recently seen first', schema: ROOM_LIST })
  @ApiErrors({ ...GUARDED, 400: 'Unknown or repeated query parameter', 403: 'Role not allowed, or the site is outside your scope' })
  @ApiOperation({ summary: 'Rooms seen in dose reports: device, geometry profile resolved, commissioned or not' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    assertKnownQuery(query, ['site']);
    const sites = sitesToQuery(principal, query.site as string | undefined);
    const rooms = (await this.rooms.list(principal)).filter((r) => sites === null || r.sites.some((s) => sites.includes(s)));
    const counts = await this.studies.countByRoom(rooms.map((r) => r.roomId));
    return { rooms: rooms.map((r) => roomView(r, counts.get(r.roomId) ?? 0)) };
  }

  @Get(':roomId')
  @AllowRoles('viewer', 'physicist', 'site-admin')
  @ApiOkResponse({ description: 'The room, its room profile in force and every earlier version', schema: ROOM_DETAIL })
  @ApiErrors({ ...GUARDED, 404: 'Unknown room in your site scope' })
  @ApiOperation({ summary: 'One room: device, profile, commissioned room-profile versions (newest first)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string) {
    const room = await this.rooms.visible(roomId, principal);
    const versions = await this.rooms.history(roomId);
    const counts = await this.studies.countByRoom([roomId]);
    const current = versions.find((v) => v.version === room.commissionedVersion);
    return { room: roomView(room, counts.get(roomId) ?? 0), current: current ? versionView(current) : null, versions: versions.map(versionView) };
  }

  @Put(':roomId/commissioning')
  @Audited('change')
  @AllowRoles('physicist')
  @ApiOkResponse({ description: 'The new room-profile version, now in force', schema: COMMISSIONED })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'Invalid room profile (each message names the field), or `by` missing with authentication off / given next to a token',
    404: 'Unknown room in your site scope',
  })
  @ApiOperation({
    summary:
      "Store the physicist's measured values for the room as a new room-profile version (older versions are kept); recompute its studies with POST …:recompute",
  })
  async commission(@CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string, @Body() body: unknown) {
    const room = await this.rooms.visible(roomId, principal);
    const parsed = commissioningBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const validation = validateRoomProfile(parsed.data.profile ?? {});
    if (!validation.ok) throw new BadRequestException(validation.error.issues.map((i) => `profile.${i.field}: ${i.message}`).join('; '));
    const by = actorOf(principal, parsed.data.by);
    const version = await this.rooms.commission(room, validation.profile, by, parsed.data.note ?? null);
    const counts = await this.studies.countByRoom([roomId]);
    return {
      room: roomView({ ...room, commissionedVersion: version.version }, counts.get(roomId) ?? 0),
      current: versionView(version),
      studiesToRecompute: (await this.studies.computedOfRoom(roomId, principal)).length,
    };
  }

  @Post(':roomId\\:recompute')
  @Audited('change')
  @AllowRoles('physicist', 'site-admin')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'The studies recomputed with the room profile in force (each new result announced; the replaced one kept as a result version)',
    schema: ROOM_RECOMPUTED,
  })
  @ApiErrors({ ...GUARDED, 404: 'Unknown room in your site scope' })
  @ApiOperation({ summary: "Recompute every study of the room in your site scope that has a skin dose, with the room's current commissioning" })
  async recompute(@CurrentPrincipal() principal: Principal, @Param('roomId') roomId: string) {
    const room = await this.rooms.visible(roomId, principal);
    return { roomId, roomProfileVersion: room.commissionedVersion, recomputed: await this.studies.recomputeRoom(roomId, principal) };
  }
}

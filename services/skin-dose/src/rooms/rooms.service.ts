import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { selectProfile, type RoomContext, type RoomProfile } from '@kerma/dosimetry';
import type { Procedure } from '@kerma/rdsr';
import { canSeeSite, type Principal } from '@kerma/platform';
import { SKIN_DOSE_OPTIONS, type SkinDoseServiceOptions } from '../skin-dose-options';
import { Room } from './room.entity';
import { RoomProfileVersion } from './room-profile-version.entity';
import { roomIdentity } from './room-identity';

/** Rooms seen in reports, the profile each resolves to, and their commissioned room-profile versions. */
@Injectable()
export class RoomsService {
  private readonly log = new Logger(RoomsService.name);

  constructor(
    @InjectRepository(Room, 'skin-dose') private readonly rooms: Repository<Room>,
    @InjectRepository(RoomProfileVersion, 'skin-dose') private readonly versions: Repository<RoomProfileVersion>,
    @Inject(SKIN_DOSE_OPTIONS) private readonly options: SkinDoseServiceOptions,
  ) {}

  /** Records (or refreshes) the room of a study; returns its id, null when the report identifies no room. */
  async recordSighting(procedure: Procedure, site: string): Promise<string | null> {
    const identity = roomIdentity(procedure.device);
    if (!identity) return null;
    const selection = selectProfile(procedure.device, this.options.profiles);
    const now = new Date().toISOString();
    const known = await this.rooms.findOneBy({ roomId: identity.id });
    const d = procedure.device;
    // An upsert: replicas may record the same room at once. commissionedVersion is left out, so a
    // sighting never undoes a commissioning.
    await this.rooms.upsert(
      {
        roomId: identity.id,
        identifiedBy: identity.identifiedBy,
        manufacturer: d.manufacturer,
        modelName: d.modelName,
        stationName: d.stationName,
        serialNumber: d.serialNumber,
        sites: known ? [...new Set([...known.sites, site])].sort() : [site],
        profileId: selection.profile.id,
        profileVersion: selection.profile.version,
        profileSelectedBy: selection.how,
        firstSeenAt: known?.firstSeenAt ?? now,
        lastSeenAt: now,
      },
      ['roomId'],
    );
    return identity.id;
  }

  /** What the engine needs of a study's room: its id and the room profile in force (null: uncommissioned). */
  async engineContext(roomId: string | null): Promise<RoomContext> {
    if (roomId === null) return { id: null, profileVersion: null, profile: null };
    const room = await this.rooms.findOneBy({ roomId });
    if (!room || room.commissionedVersion === null) return { id: roomId, profileVersion: null, profile: null };
    const version = await this.versions.findOneByOrFail({ roomId, version: room.commissionedVersion });
    return { id: roomId, profileVersion: version.version, profile: version.profile };
  }

  async list(principal: Principal): Promise<Room[]> {
    const all = await this.rooms.find({ order: { lastSeenAt: 'DESC' } });
    return all.filter((r) => r.sites.some((s) => canSeeSite(principal, s))).map((r) => this.scoped(r, principal));
  }

  /** A room of another site is answered like an unknown one: its existence is not disclosed. */
  async visible(roomId: string, principal: Principal): Promise<Room> {
    const room = await this.rooms.findOneBy({ roomId });
    if (!room || !room.sites.some((s) => canSeeSite(principal, s))) throw new NotFoundException(`no room ${roomId} in your site scope`);
    return this.scoped(room, principal);
  }

  async history(roomId: string): Promise<RoomProfileVersion[]> {
    return this.versions.find({ where: { roomId }, order: { version: 'DESC' } });
  }

  /** Stores a new room-profile version and puts it in force (the previous versions are kept). */
  async commission(room: Room, profile: RoomProfile, by: string, note: string | null): Promise<RoomProfileVersion> {
    const latest = await this.versions.findOne({ where: { roomId: room.roomId }, order: { version: 'DESC' } });
    const version = this.versions.create({
      roomId: room.roomId,
      version: (latest?.version ?? 0) + 1,
      profile,
      commissionedBy: by,
      commissionedAt: new Date().toISOString(),
      note,
    });
    await this.versions.manager.transaction(async (tx) => {
      await tx.save(version);
      await tx.update(Room, { roomId: room.roomId }, { commissionedVersion: version.version });
    });
    this.log.log({ msg: 'room commissioned', roomId: room.roomId, version: version.version, by });
    return version;
  }

  private scoped(room: Room, principal: Principal): Room {
    return { ...room, sites: room.sites.filter((s) => canSeeSite(principal, s)) };
  }
}

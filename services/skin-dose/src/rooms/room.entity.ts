import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoomIdentifiedBy } from './room-identity';

/** A room (installed unit) seen in a dose report: what it reports itself as, the profile it resolves to, its commissioning. */
@Entity({ name: 'skin_dose_room' })
export class Room {
  @PrimaryColumn({ name: 'room_id', type: 'varchar', length: 160 })
  roomId!: string;

  @Column({ name: 'identified_by', type: 'varchar', length: 32 })
  identifiedBy!: RoomIdentifiedBy;

  @Column({ type: 'varchar', length: 128, nullable: true })
  manufacturer!: string | null;

  @Column({ name: 'model_name', type: 'varchar', length: 128, nullable: true })
  modelName!: string | null;

  @Column({ name: 'station_name', type: 'varchar', length: 128, nullable: true })
  stationName!: string | null;

  @Column({ name: 'serial_number', type: 'varchar', length: 128, nullable: true })
  serialNumber!: string | null;

  /** Sites whose reports came from this room (normally one). */
  @Column({ type: 'simple-json' })
  sites!: string[];

  /** Geometry profile the room's device resolves to, and how (matched, model-only, fallback, …). */
  @Column({ name: 'profile_id', type: 'varchar', length: 64 })
  profileId!: string;

  @Column({ name: 'profile_version', type: 'varchar', length: 16 })
  profileVersion!: string;

  @Column({ name: 'profile_selected_by', type: 'varchar', length: 32 })
  profileSelectedBy!: string;

  /** Room-profile version in force; null until commissioned. */
  @Column({ name: 'commissioned_version', type: 'integer', nullable: true })
  commissionedVersion!: number | null;

  @Column({ name: 'first_seen_at', type: 'varchar', length: 32 })
  firstSeenAt!: string;

  @Column({ name: 'last_seen_at', type: 'varchar', length: 32 })
  lastSeenAt!: string;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RoomProfile } from '@kerma/dosimetry';

/** One version of a room's commissioned values; a change adds a version, older ones are kept. */
@Entity({ name: 'skin_dose_room_profile' })
export class RoomProfileVersion {
  @PrimaryColumn({ name: 'room_id', type: 'varchar', length: 160 })
  roomId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  profile!: RoomProfile;

  @Column({ name: 'commissioned_by', type: 'varchar', length: 128 })
  commissionedBy!: string;

  @Column({ name: 'commissioned_at', type: 'varchar', length: 32 })
  commissionedAt!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

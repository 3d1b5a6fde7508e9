import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A service's own copy of an API key (latest version from kerma.api-key.v1): enough to verify a
 * presented key, never the secret itself. In history, which owns the keys, also the last-used time.
 */
@Entity({ name: 'api_key' })
export class ApiKeyRecord {
  @PrimaryColumn({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: string;

  @Column({ name: 'secret_sha256', type: 'varchar', length: 64 })
  secretSha256!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 256 })
  createdBy!: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'revoked_by', type: 'varchar', length: 256, nullable: true })
  revokedBy!: string | null;

  @Column({ name: 'last_used_at', type: 'varchar', length: 32, nullable: true })
  lastUsedAt!: string | null;
}

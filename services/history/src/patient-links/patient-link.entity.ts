import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A statement that two patient identities (site, issuer, patient id) are one person, with its audit:
 * who (the token's subject), when, why and from where (client address), for the link and for its
 * unlink. Rows are never deleted; an unlinked row keeps both halves of its story. Each half is
 * published on kerma.patient-link.v1 (published_at null: not yet, the relay retries).
 */
@Entity({ name: 'patient_link' })
export class PatientLink {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** patientLinkKey of the two identities: finds an active link of the same pair. */
  @Index()
  @Column({ name: 'pair_key', type: 'varchar', length: 64 })
  pairKey!: string;

  @Column({ name: 'a_site', type: 'varchar', length: 64 })
  aSite!: string;

  @Column({ name: 'a_issuer', type: 'varchar', length: 64, nullable: true })
  aIssuer!: string | null;

  @Column({ name: 'a_patient_id', type: 'varchar', length: 64 })
  aPatientId!: string;

  @Column({ name: 'b_site', type: 'varchar', length: 64 })
  bSite!: string;

  @Column({ name: 'b_issuer', type: 'varchar', length: 64, nullable: true })
  bIssuer!: string | null;

  @Column({ name: 'b_patient_id', type: 'varchar', length: 64 })
  bPatientId!: string;

  @Index()
  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'linked_at', type: 'varchar', length: 32 })
  linkedAt!: string;

  @Column({ name: 'linked_by', type: 'varchar', length: 128 })
  linkedBy!: string;

  @Column({ name: 'link_reason', type: 'varchar', length: 2000 })
  linkReason!: string;

  /** The client address the link came from (as the HTTP server saw it). */
  @Column({ name: 'linked_from', type: 'varchar', length: 64, nullable: true })
  linkedFrom!: string | null;

  @Column({ name: 'link_published_at', type: 'varchar', length: 32, nullable: true })
  linkPublishedAt!: string | null;

  @Column({ name: 'unlinked_at', type: 'varchar', length: 32, nullable: true })
  unlinkedAt!: string | null;

  @Column({ name: 'unlinked_by', type: 'varchar', length: 128, nullable: true })
  unlinkedBy!: string | null;

  @Column({ name: 'unlink_reason', type: 'varchar', length: 2000, nullable: true })
  unlinkReason!: string | null;

  @Column({ name: 'unlinked_from', type: 'varchar', length: 64, nullable: true })
  unlinkedFrom!: string | null;

  @Column({ name: 'unlink_published_at', type: 'varchar', length: 32, nullable: true })
  unlinkPublishedAt!: string | null;
}

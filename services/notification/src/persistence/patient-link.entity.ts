import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A patient link as notification learnt it from kerma.patient-link.v1 (history owns the links and
 * their audit): the two identities, their patient keys, and whether the link holds. Linked keys are
 * one person for the cumulative rules. An unlink is final for its link id (a new link has a new id).
 */
@Entity({ name: 'patient_link' })
export class NotificationPatientLink {
  @PrimaryColumn({ name: 'link_id', type: 'varchar', length: 36 })
  linkId!: string;

  @Index()
  @Column({ name: 'a_key', type: 'varchar', length: 64 })
  aKey!: string;

  @Column({ name: 'a_site', type: 'varchar', length: 64 })
  aSite!: string;

  @Column({ name: 'a_issuer', type: 'varchar', length: 64, nullable: true })
  aIssuer!: string | null;

  @Column({ name: 'a_patient_id', type: 'varchar', length: 64 })
  aPatientId!: string;

  @Index()
  @Column({ name: 'b_key', type: 'varchar', length: 64 })
  bKey!: string;

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

  @Column({ name: 'unlinked_at', type: 'varchar', length: 32, nullable: true })
  unlinkedAt!: string | null;
}

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withAccessTokenOption } from './access-token';
import { callKerma, reportFailure } from './api-client';
import { parseBaseUrl } from './import';

interface RoomView {
  roomId: string;
  manufacturer: string | null;
  modelName: string | null;
  stationName: string | null;
  sites: string[];
  profile: { id: string; version: string; selectedBy: string };
  commissioned: boolean;
  commissionedVersion: number | null;
  studyCount: number;
  lastSeenAt: string;
}

interface RoomDetail {
  room: RoomView;
  current: { version: number; commissionedBy: string; commissionedAt: string; note: string | null; profile: unknown } | null;
  versions: { version: number; commissionedBy: string; commissionedAt: string; note: string | null }[];
}

const path = (roomId: string, suffix = '') => `api/v1/rooms/${encodeURIComponent(roomId)}${suffix}`;

/** One line per room: id, device, profile (and how it was chosen), commissioned version or "uncommissioned", studies, sites. */
export function formatRooms(rooms: readonly RoomView[]): string {
  if (rooms.length === 0) return 'no rooms seen yet (rooms are recorded from fluoroscopy dose reports)';
  const rows = rooms.map((r) => [
    r.roomId,
    [r.manufacturer, r.modelName, r.stationName].filter(Boolean).join(' / ') || '(device not named)',
    `${r.profile.id}@${r.profile.version} (${r.profile.selectedBy})`,
    r.commissioned ? `commissioned v${r.commissionedVersion}` : 'uncommissioned',
    `${r.studyCount} stud${r.studyCount === 1 ? 'y' : 'ies'}`,
    r.sites.join(','),
  ]);
  const header = ['ROOM', 'DEVICE', 'PROFILE', 'STATUS', 'STUDIES', 'SITES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatRoomDetail(d: RoomDetail): string {
  const lines = [formatRooms([d.room]), ''];
  if (!d.current) lines.push('not commissioned: results carry the assumption "uncommissioned room" (docs/commissioning.md)');
  else
    lines.push(
      `room profile v${d.current.version} by ${d.current.commissionedBy} at ${d.current.commissionedAt}${d.current.note ? ` — ${d.current.note}` : ''}`,
      JSON.stringify(d.current.profile, null, 2),
    );
  if (d.versions.length > 1)
    lines.push(
      '',
      'earlier versions:',
      ...d.versions
        .filter((v) => v.version !== d.current?.version)
        .map((v) => `  v${v.version} by ${v.commissionedBy} at ${v.commissionedAt}${v.note ? ` — ${v.note}` : ''}`),
    );
  return lines.join('\n');
}

/** `kerma rooms`: rooms seen, their profile and commissioning; show, commission, recompute. */
export function registerRoomsCommands(program: Command): void {
  const rooms = program.command('rooms').description('rooms (installed units) seen in dose reports: profile, commissioned or not');
  const url = (c: Command) => c.requiredOption('--url <url>', 'base URL of Kerma (single process or skin-dose service)', parseBaseUrl);
  withAccessTokenOption(
    url(
      rooms
        .command('list', { isDefault: true })
        .description('list the rooms seen, the profile each resolves to and whether it is commissioned')
        .option('--json', 'print the JSON answer'),
    ),
  ).action((opts: { url: string; token?: string; json?: boolean }) =>
    reportFailure('rooms', async () => {
      const answer = await callKerma<{ rooms: RoomView[] }>(opts.url, 'api/v1/rooms', { token: opts.token });
      process.stdout.write(`${opts.json ? JSON.stringify(answer, null, 2) : formatRooms(answer.rooms)}\n`);
    }),
  );
  withAccessTokenOption(
    url(
      rooms
        .command('show <roomId>')
        .description('one room: device, profile, room profile in force and earlier versions')
        .option('--json', 'print the JSON answer'),
    ),
  ).action((roomId: string, opts: { url: string; token?: string; json?: boolean }) =>
    reportFailure('rooms show', async () => {
      const answer = await callKerma<RoomDetail>(opts.url, path(roomId), { token: opts.token });
      process.stdout.write(`${opts.json ? JSON.stringify(answer, null, 2) : formatRoomDetail(answer)}\n`);
    }),
  );
  withAccessTokenOption(
    url(
      rooms
        .command('commission <roomId> <file>')
        .description('store the measured values of a room (a room profile JSON file, docs/commissioning.md) as a new version')
        .option('--note <text>', 'why (stored with the version)')
        .option('--by <name>', 'who commissions (required when Kerma runs without authentication; taken from the token otherwise)'),
    ),
  ).action((roomId: string, file: string, opts: { url: string; token?: string; note?: string; by?: string }) =>
    reportFailure('rooms commission', async () => {
      const profile = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      const body = JSON.stringify({ profile, ...(opts.note ? { note: opts.note } : {}), ...(opts.by ? { by: opts.by } : {}) });
      const answer = await callKerma<{ current: { version: number }; studiesToRecompute: number }>(opts.url, path(roomId, '/commissioning'), {
        method: 'PUT',
        body,
        contentType: 'application/json',
        token: opts.token,
      });
      process.stdout.write(
        `room ${roomId}: room profile v${answer.current.version} in force; ${answer.studiesToRecompute} stud${answer.studiesToRecompute === 1 ? 'y' : 'ies'} to recompute (kerma rooms recompute ${roomId})\n`,
      );
    }),
  );
  withAccessTokenOption(url(rooms.command('recompute <roomId>').description("recompute the room's studies with its current commissioning"))).action(
    (roomId: string, opts: { url: string; token?: string }) =>
      reportFailure('rooms recompute', async () => {
        const answer = await callKerma<{ recomputed: string[]; roomProfileVersion: number | null }>(opts.url, path(roomId, ':recompute'), {
          method: 'POST',
          token: opts.token,
          timeoutMs: 600_000,
        });
        process.stdout.write(
          `room ${roomId}: ${answer.recomputed.length} stud${answer.recomputed.length === 1 ? 'y' : 'ies'} recomputed with ${answer.roomProfileVersion === null ? 'no commissioning' : `room profile v${answer.roomProfileVersion}`}\n`,
        );
      }),
  );
}

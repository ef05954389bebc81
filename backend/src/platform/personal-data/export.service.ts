import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { tenantTable } from '../tenancy/tenant-schema';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * 152-ФЗ ст. 14: everything WorkCloud keeps about a person, across every company they belong to — the profile,
 * memberships with roles, sessions, the login journal, what they did (the audit log), invitations, favorites,
 * visited pages and passkeys. Secrets (the password hash, the TOTP secret, recovery codes, device tokens) are never part of it:
 * the export says only that they exist.
 */
@Injectable()
export class PersonalDataExport {
  constructor(private readonly db: Database) {}

  async of(userId: string) {
    const k = this.db.knex;
    const user = await k('platform.users').where({ id: userId }).first();
    const memberships = await k('platform.memberships as m').join('platform.tenants as t', 't.id', 'm.tenant_id').where('m.user_id', userId).orderBy('t.name').select('t.id', 't.name', 't.inn', 't.schema_name', 'm.status', 'm.created_at');
    const companies = await Promise.all(
      memberships.map(async (m) => ({
        company: { id: m.id, name: m.name, inn: m.inn },
        status: m.status,
        joinedAt: iso(m.created_at),
        roles: await k(`${tenantTable(m.schema_name, 'user_roles')} as ur`).join(`${tenantTable(m.schema_name, 'roles')} as r`, 'r.id', 'ur.role_id').where('ur.user_id', userId).orderBy('r.name').pluck('r.name'),
      })),
    );
    const twoFactor = await k('platform.two_factor').where({ user_id: userId }).first('confirmed_at');
    const sessions = await k('platform.sessions as s').leftJoin('platform.tenants as t', 't.id', 's.tenant_id').where('s.user_id', userId).orderBy('s.created_at', 'desc').select('s.*', 't.name as tenant_name');
    const journal = await k('platform.login_journal as j')
      .leftJoin('platform.tenants as t', 't.id', 'j.tenant_id')
      .where((w) => w.where('j.user_id', userId).orWhereRaw('lower(j.email) = lower(?)', [user.email]))
      .orderBy('j.at', 'desc')
      .select('j.*', 't.name as tenant_name');
    const audit = await k('platform.audit_log as a').leftJoin('platform.tenants as t', 't.id', 'a.tenant_id').where('a.user_id', userId).orderBy('a.id').select('a.at', 'a.action', 'a.entity', 'a.entity_id', 'a.ip', 'a.api_key_id', 't.name as tenant_name');
    const invitations = await k('platform.invitations as i').join('platform.tenants as t', 't.id', 'i.tenant_id').where('i.user_id', userId).orderBy('i.created_at').select('t.name', 'i.status', 'i.created_at', 'i.responded_at');
    const favorites = await k('platform.favorites as f').join('platform.tenants as t', 't.id', 'f.tenant_id').where('f.user_id', userId).select('t.name', 'f.path', 'f.title', 'f.created_at');
    const visits = await k('platform.page_visits as v').join('platform.tenants as t', 't.id', 'v.tenant_id').where('v.user_id', userId).orderBy('v.visited_at', 'desc').select('t.name', 'v.path', 'v.title', 'v.visited_at');
    const passkeys = await k('platform.passkeys').where({ user_id: userId }).orderBy('created_at').select('name', 'created_at', 'last_used_at');
    const devices = await k('platform.known_devices').where({ user_id: userId }).orderBy('created_at').select('created_at', 'last_seen_at');
    const erasure = await k('platform.erasure_requests').where({ user_id: userId }).orderBy('requested_at').select('requested_at', 'processed_at');
    return {
      exportedAt: new Date().toISOString(),
      person: {
        id: user.id,
        email: user.email,
        fullName: user.full_name,
        createdAt: iso(user.created_at),
        passwordChangedAt: iso(user.password_changed_at),
        twoFactor: twoFactor?.confirmed_at ? { enabledAt: iso(twoFactor.confirmed_at) } : null,
        platformOwner: user.is_owner,
      },
      companies,
      sessions: sessions.map((s) => ({ company: s.tenant_name ?? null, ip: s.ip, userAgent: s.user_agent, factor: s.factor, createdAt: iso(s.created_at), lastUsedAt: iso(s.last_used_at), endedAt: iso(s.ended_at) })),
      loginJournal: journal.map((j) => ({ at: iso(j.at), company: j.tenant_name ?? null, email: j.email, ip: j.ip, userAgent: j.user_agent, success: j.success, reason: j.reason, factor: j.factor })),
      actions: audit.map((a) => ({ at: iso(a.at), company: a.tenant_name ?? null, action: a.action, entity: a.entity, entityId: a.entity_id, ip: a.ip, apiKeyId: a.api_key_id })),
      invitations: invitations.map((i) => ({ company: i.name, status: i.status, invitedAt: iso(i.created_at), respondedAt: iso(i.responded_at) })),
      favorites: favorites.map((f) => ({ company: f.name, path: f.path, title: f.title, addedAt: iso(f.created_at) })),
      visitedPages: visits.map((v) => ({ company: v.name, path: v.path, title: v.title, visitedAt: iso(v.visited_at) })),
      passkeys: passkeys.map((p) => ({ name: p.name, addedAt: iso(p.created_at), lastUsedAt: iso(p.last_used_at) })),
      knownDevices: devices.map((d) => ({ firstSeenAt: iso(d.created_at), lastSeenAt: iso(d.last_seen_at) })),
      erasureRequests: erasure.map((e) => ({ requestedAt: iso(e.requested_at), processedAt: iso(e.processed_at) })),
    };
  }
}

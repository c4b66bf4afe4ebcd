// Requests built from the OpenAPI document, shared by the authorization matrix and the schema
// conformance test: the request body example of an operation, its path parameters, and target
// objects placed relative to a caller's org in the fixture tree (lib/fixtures.mjs tree()).
//   relations: own (the caller's county), descendant (a unit below it), ancestor (its city),
//   sibling (the city's other county), other_city, nonexistent (a random uuid).
// Objects that live on a unit (all but templates) get a fresh unit under the relation's org
// ("own" and "descendant": a unit of the caller's county). Other ids in the example are replaced
// by an object of the caller's own scope: *_id members naming a kind (template_id,
// institution_id, key_location_id), any other uuid by the caller's org; a credit_code by a fresh
// valid one; remaining path parameters take their documented example (e.g. position 1).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { deref } from './openapi.mjs';
import { uniq, createOrg, createUser, createClientRow, createTargetIn, creditCode, createNotification, q } from './fixtures.mjs';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const INSIDE = new Set(['own', 'descendant']);
// Example members that name another object: filled with an object of the caller's own scope.
export const REF_KINDS = { template_id: 'checklist_template', institution_id: 'institution', key_location_id: 'key_location' };

/** Whether the operation removes or re-parents its target (the matrix gives it fresh leaves). */
export const destructive = (method, path) => method === 'DELETE' || /\/move$/.test(path);

/** The request body example: {contentType, value} (JSON preferred; e.g. text/csv otherwise). */
export function requestExample(op) {
  const content = deref(op.requestBody ?? {})?.content ?? {};
  const type = content['application/json'] ? 'application/json' : Object.keys(content)[0];
  const media = content[type];
  if (!media) return undefined;
  if (media.example !== undefined) return { contentType: type, value: structuredClone(media.example) };
  const first = Object.values(media.examples ?? {})[0];
  return first ? { contentType: type, value: structuredClone(deref(first).value) } : undefined;
}

/** The documented example of a path parameter (operation or path item level). */
export function pathParamExample(o, name) {
  for (const p0 of [...(o.operation.parameters ?? []), ...(o.pathItem.parameters ?? [])]) {
    const p = deref(p0);
    if (p.in === 'path' && p.name === name) return p.example ?? p.schema?.example;
  }
  return undefined;
}

/**
 * Target making and request building around the fixture tree `t0` (the caller's org is t0.county):
 *   org(rel)                                      the org of a relation
 *   target(kind, rel, method, path, state, caller) the id of a target object (fresh wherever one
 *                                                 could be changed; GETs share one per kind/relation)
 *   build(o, target, targetId)                    {url, body | raw + headers} for operation `o`
 *                                                 (an operations() entry) with the target substituted
 */
export function requestMaker(t0) {
  const readTargets = new Map(); // kind/relation -> an object only read, shared by the GET cases

  const org = (rel) => ({ own: t0.county, descendant: t0.unit, ancestor: t0.cityA, sibling: t0.sibling, other_city: t0.other }[rel]);

  async function target(kind, rel, method, path, state, caller) {
    if (rel === 'nonexistent') return randomUUID();
    if (kind === 'notification') {
      // one's own notifications only: the caller's inside, another user's in a foreign org
      const user = INSIDE.has(rel) ? (caller ?? t0.users.admin) : await createUser({ org_id: org(rel).id, role: 'viewer' });
      return createNotification({ user_id: user.id });
    }
    const place0 = org(rel);
    if (kind === 'org') {
      if (method === 'GET' || method === 'HEAD') return place0.id;
      if (!destructive(method, path)) {
        // a write that keeps the node: own and foreign nodes themselves (a leak would show as 2xx)
        return place0.id;
      }
      // destructive: own org itself (the server must refuse with 409), the ancestor itself
      // (non-empty: a leak would show as 409 instead of 404), fresh leaves elsewhere
      if (rel === 'own') return t0.county.id;
      if (rel === 'ancestor') return t0.cityA.id;
      const parent = rel === 'descendant' ? t0.county : place0;
      return (await createOrg({ parent_id: parent.id, level: 'unit' })).id;
    }
    if (kind === 'user') return (await createUser({ org_id: place0.id, role: 'viewer' })).id;
    if (kind === 'api_client') return (await createClientRow({ org_id: place0.id })).id;
    const place = kind === 'checklist_template' ? place0 : (INSIDE.has(rel) ? t0.county : place0);
    const reusable = (method === 'GET' || method === 'HEAD') && !state;
    const key = `${kind}/${rel}`;
    if (reusable && readTargets.has(key)) return readTargets.get(key);
    const id = await createTargetIn(kind, place, { state });
    if (reusable) readTargets.set(key, id);
    return id;
  }

  async function build(o, tgt, targetId) {
    const { path, operation: op } = o;
    let url = path;
    const query = new URLSearchParams();
    const example = requestExample(op);
    const body = example?.contentType === 'application/json' ? example.value : undefined;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      // unique names, so that creating twice is not a 409 about the name
      if (typeof body.username === 'string') body.username = uniq('m.');
      if (typeof body.name === 'string') body.name = `${body.name}-${uniq('m')}`;
      if (typeof body.credit_code === 'string') body.credit_code = creditCode();
      if (typeof body.code === 'string') body.code = uniq('c-'); // a hazard criterion's unique code
      // every other id in the example refers to somewhere the caller may act: an object of a
      // named kind in the caller's own scope, or the caller's own org
      for (const [k, v] of Object.entries(body)) {
        if (typeof v !== 'string' || !UUID_RE.test(v) || (tgt?.in === 'body' && tgt.name === k)) continue;
        body[k] = REF_KINDS[k] ? await target(REF_KINDS[k], 'own', 'GET', '') : t0.county.id;
      }
      if (tgt?.in === 'body') {
        // an array member (a notice's hazard_ids) names the one target; an org_id beside it is
        // the target's own unit (a notice is addressed to its hazards' unit)
        body[tgt.name] = Array.isArray(body[tgt.name]) ? [targetId] : targetId;
        if (typeof body.org_id === 'string' && tgt.kind === 'hazard') {
          const [h] = await q('SELECT org_id FROM hazards WHERE id = $1', [targetId]);
          if (h) body.org_id = h.org_id;
        }
      }
    }
    if (tgt?.in === 'path') url = url.replace(`{${tgt.name}}`, targetId);
    if (tgt?.in === 'query') query.set(tgt.name, targetId);
    url = url.replace(/\{([^}]+)\}/g, (m, name) => {
      const ex = pathParamExample(o, name);
      return ex === undefined ? m : encodeURIComponent(String(ex));
    });
    assert.ok(!/\{[^}]+\}/.test(url), `${op.operationId}: a path parameter without x-anquan-target or example: ${url}`);
    const qs = query.toString();
    const req = { url: qs ? `${url}?${qs}` : url, body };
    if (example && example.contentType !== 'application/json') {
      req.raw = Buffer.from(String(example.value), 'utf8');
      req.headers = { 'content-type': example.contentType };
    }
    return req;
  }

  return { org, target, build };
}

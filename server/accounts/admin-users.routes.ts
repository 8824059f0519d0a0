import { Router, type Request } from 'express';
import { params } from '../http/params.ts';
import { check } from '../http/validate.ts';
import { ValidationError } from '../errors.ts';
import { accountFieldProblems } from './auth.service.ts';
import { renderFormError } from '../http/forms.ts';
import { regionOptions } from './regions.ts';
import type { AdminUsersService } from './admin-users.service.ts';
import { userId, validateAdminUpdate, validateUserListQuery, validateUserSearch } from './user.schema.ts';
import { validateAdminAction, validateAdminCreate, validateAdminDetails } from './admin-users.schema.ts';
import type { UserDoc } from './user.model.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';

/** What the user page needs from other services: the set-password mail and the learning record. */
export interface AdminUserPageDeps {
  sendSetPasswordLink(user: Pick<UserDoc, '_id' | 'email' | 'givenName' | 'lang'>): Promise<void>;
  enrolmentsOf(userId: string): Promise<readonly { courseId: string; enrolledAt: Date; dueAt: Date | null; completedAt: Date | null }[]>;
  /** runs `work` with reads of the user's documents remembered under their stamp (db/remembered.ts) */
  within?: LearnerCache['within'];
}

const roleOptions = ['teacher', 'coordinator', 'admin'];
const statusOptions = ['active', 'disabled'];

export function adminUsersRoutes(service: AdminUsersService, page?: AdminUserPageDeps): Router {
  const router = Router();

  router.get('/admin/users', async (req, res) => {
    const query = check(validateUserListQuery, req.query);
    const page = Number(query.page ?? 1);
    const filter = { q: req.session.userSearch, role: query.role || undefined, region: query.region || undefined, status: query.status || undefined };
    const result = await service.list(req.user!, filter, page, req.lang);
    const params = (p: number) => new URLSearchParams({ ...(filter.role ? { role: filter.role } : {}), ...(filter.region ? { region: filter.region } : {}), ...(filter.status ? { status: filter.status } : {}), page: String(p) }).toString();
    res.render('admin/users', {
      pageTitle: req.t('accounts.admin.usersTitle'),
      ...result,
      q: filter.q ?? '',
      roles: roleOptions.map((r) => ({ value: r, key: `accounts.roles.${r}`, selected: r === filter.role })),
      statuses: statusOptions.map((s) => ({ value: s, key: `accounts.status.${s}`, selected: s === filter.status })),
      regions: req.user!.regionScope ? [] : regionOptions(req.lang, filter.region),
      prev: page > 1 ? `/admin/users?${params(page - 1)}` : null,
      next: page < result.pages ? `/admin/users?${params(page + 1)}` : null,
    });
  });

  // The search text may be an IIN, which must never appear in a URL: it travels in a POST body and
  // is kept in the session; only the non-personal filters go in the query string.
  router.post('/admin/users', (req, res) => {
    const input = check(validateUserSearch, req.body);
    // the search is kept while the admin works through the list; the form's "clear" ends it
    req.session.userSearch = input.clear ? undefined : input.q?.trim() || undefined;
    const params = new URLSearchParams();
    for (const key of ['role', 'region', 'status'] as const) if (input[key]) params.set(key, input[key]!);
    res.redirect(303, `${req.baseUrl}/admin/users${params.size ? `?${params}` : ''}`);
  });

  // a new teacher, created by hand: no password, a set-password link by mail
  const newModel = (req: Request, values: Record<string, unknown> = {}) => ({
    pageTitle: req.t('ux.admin.createTitle'),
    values,
    regions: regionOptions(req.lang, (values.region as string | undefined) ?? req.user!.regionScope ?? undefined).filter((r) => !req.user!.regionScope || r.code === req.user!.regionScope),
  });
  router.get('/admin/users/new', (req, res) => res.render('admin/user-new', newModel(req)));
  router.post('/admin/users/new', async (req, res) => {
    try {
      const input = check(validateAdminCreate, req.body, undefined, accountFieldProblems);
      const user = await service.create(req.user!, input, req.lang);
      if (page) await page.sendSetPasswordLink(user);
      req.session.flash = { kind: 'success', key: 'ux.admin.created' };
      res.redirect(303, `${req.baseUrl}/admin/users/${String(user._id)}`);
    } catch (caught) {
      // a form refused for its own problems also says which of its IIN and email are taken
      let err = caught;
      if (caught instanceof ValidationError) {
        const named = new Set(caught.details.map((d) => d.field));
        const taken = (await service.taken(req.body as Record<string, unknown>)).filter((d) => !named.has(d.field));
        if (taken.length) err = new ValidationError(caught.messageKey, [...caught.details, ...taken], caught.params);
      }
      const labels = { iin: 'accounts.fields.iin', email: 'accounts.fields.email', surname: 'accounts.fields.surname', givenName: 'accounts.fields.givenName', patronymic: 'accounts.fields.patronymic', region: 'accounts.fields.region', school: 'accounts.fields.school', position: 'accounts.fields.position' };
      renderFormError(res, 'admin/user-new', err, newModel(req, { ...(req.body as Record<string, unknown>), _csrf: undefined }), labels);
    }
  });

  router.get('/admin/users/:id', params({ id: userId }), async (req, res) => {
    // the user and their enrolments under the user's stamp: one read of it once they are remembered
    const view = async () => pageModel(req, await service.get(req.user!, req.params.id, req.lang));
    res.render('admin/user-edit', await (page?.within ?? noLearnerCache.within)(req.params.id, view));
  });

  // name and email, corrected by the admin (inside their scope)
  router.post('/admin/users/:id/details', params({ id: userId }), async (req, res) => {
    const user = await service.get(req.user!, req.params.id, req.lang);
    try {
      const input = check(validateAdminDetails, req.body);
      const { emailChanged } = await service.updateDetails(req.user!, req.params.id, input);
      req.session.flash = { kind: 'success', key: emailChanged ? 'accounts.admin.emailChanged' : 'accounts.admin.saved' };
      res.redirect(303, `${req.baseUrl}/admin/users/${user.id}`);
    } catch (err) {
      const labels = { surname: 'accounts.fields.surname', givenName: 'accounts.fields.givenName', patronymic: 'accounts.fields.patronymic', email: 'accounts.fields.email' };
      renderFormError(res, 'admin/user-edit', err, { ...(await pageModel(req, user)), details: req.body as Record<string, unknown> }, labels);
    }
  });

  // a new set-password link by mail (the old one stops working)
  router.post('/admin/users/:id/set-link', params({ id: userId }), async (req, res) => {
    check(validateAdminAction, req.body);
    const user = await service.recipient(req.user!, req.params.id);
    if (!page) throw new Error('the set-password mail is not wired');
    await page.sendSetPasswordLink(user);
    req.session.flash = { kind: 'success', key: 'ux.admin.linkSent' };
    res.redirect(303, `${req.baseUrl}/admin/users/${String(user._id)}`);
  });

  async function pageModel(req: Request, user: Awaited<ReturnType<AdminUsersService['get']>>) {
    const enrolments = page ? await page.enrolmentsOf(user.id) : [];
    return { ...editModel(req, user), details: { surname: user.surname, givenName: user.givenName, patronymic: user.patronymic, email: user.email }, enrolments, canSendLink: user.statusKey === 'accounts.status.active' };
  }

  router.post('/admin/users/:id', params({ id: userId }), async (req, res) => {
    const user = await service.get(req.user!, req.params.id, req.lang);
    try {
      const input = check(validateAdminUpdate, req.body);
      await service.update(req.user!, req.params.id, input);
      req.session.flash = { kind: 'success', key: 'accounts.admin.saved' };
      res.redirect(303, `${req.baseUrl}/admin/users/${user.id}`);
    } catch (err) {
      renderFormError(res, 'admin/user-edit', err, await pageModel(req, user), { role: 'accounts.fields.role', status: 'accounts.fields.status', regionScope: 'accounts.fields.regionScope' });
    }
  });

  function editModel(req: Request, user: Awaited<ReturnType<AdminUsersService['get']>>) {
    const national = req.user!.regionScope === null;
    return {
      pageTitle: user.name,
      user,
      national,
      // a regional admin neither makes admins nor coordinators (coordinators act nationally)
      roles: roleOptions.filter((r) => national || r === user.role || r === 'teacher').map((r) => ({ value: r, key: `accounts.roles.${r}`, selected: r === user.role })),
      statuses: statusOptions.map((s) => ({ value: s, key: `accounts.status.${s}`, selected: s === user.status })),
      regions: regionOptions(req.lang, user.regionScope),
    };
  }

  return router;
}

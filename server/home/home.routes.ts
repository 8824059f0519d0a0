import { Router } from 'express';

interface Action {
  path: string;
  label: string;
  secondary?: boolean;
}

/** The home page says what Qorgau is and where each kind of user goes next. */
export function homeRoutes(selfRegistration: boolean): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const homeActions: Action[] = req.user
      ? (res.locals.navLinks as Action[]).map((link, i) => ({ ...link, secondary: i > 0 }))
      : [{ path: '/login', label: 'nav.login' }, ...(selfRegistration ? [{ path: '/register', label: 'nav.register', secondary: true }] : [])];
    res.render('home/index', { pageTitle: req.t('home.title'), homeActions });
  });
  // what personal data is stored, why, for how long and who sees it (linked from registration)
  router.get('/privacy', (req, res) => res.render('home/privacy', { pageTitle: req.t('ux.privacy.title'), sections: ['stored', 'why', 'howLong', 'whoSees', 'rights'] }));
  return router;
}

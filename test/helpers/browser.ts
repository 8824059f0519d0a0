// A small cookie-keeping HTTP client for integration tests: real requests to the real server,
// no redirects followed unless asked, HTML parsed with cheerio.
import * as cheerio from 'cheerio';

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  $: cheerio.CheerioAPI;
  location: string | null;
}

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly origin: string, readonly headers: Record<string, string> = {}) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, url: string, init: { body?: RequestInit["body"]; headers?: Record<string, string>; follow?: boolean } = {}): Promise<Page> {
    const target = url.startsWith('http') ? url : this.origin + url;
    const response = await fetch(target, {
      method,
      body: init.body ?? null,
      redirect: 'manual',
      headers: { ...this.headers, ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...init.headers },
    });
    this.keep(response);
    const text = await response.text();
    const page: Page = { status: response.status, headers: response.headers, text, $: cheerio.load(text), location: response.headers.get('location') };
    if (init.follow && page.location && response.status >= 300 && response.status < 400) {
      return this.request('GET', new URL(page.location, target).toString(), { follow: true });
    }
    return page;
  }

  get(url: string, follow = false): Promise<Page> {
    return this.request('GET', url, { follow });
  }

  /** Posts a urlencoded form; repeated keys may be given as arrays. */
  post(url: string, form: Record<string, string | string[]>, follow = false): Promise<Page> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.request('POST', url, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, follow });
  }

  postJson(url: string, data: unknown, headers: Record<string, string> = {}): Promise<Page> {
    return this.request('POST', url, { body: JSON.stringify(data), headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } });
  }

  /** The CSRF token of the first form on a page. */
  static csrf(page: Page): string {
    const token = page.$('input[name=_csrf]').first().val();
    if (typeof token !== 'string' || !token) throw new Error('no _csrf field on the page');
    return token;
  }
}

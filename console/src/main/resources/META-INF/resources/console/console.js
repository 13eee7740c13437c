// The operator console: one page, Preact (from its WebJar, no build step), talking to the same HTTP API as every
// client. The instance key lives in this tab's sessionStorage only and travels as `Authorization: Bearer` — never in
// a URL, a cookie or the page — so no other site can make the browser act with it.
import { h, render, Component, Fragment } from '/webjars/preact/dist/preact.module.js';

const KEY_STORAGE = 'ledger.instanceKey';
const PAGE_SIZE = 10;
const FEED_SIZE = 25;
const FEED_POLL_MS = 5000;
const METRICS_POLL_MS = 15000;
const EXPIRATIONS = [
    ['', 'Never'], ['3600', '1 hour'], ['86400', '1 day'], ['2592000', '30 days'], ['7776000', '90 days'],
    ['31536000', '1 year']];

// ---- the API -------------------------------------------------------------------------------------------------

class ApiError extends Error {
    constructor(status, message, parameter) {
        super(message);
        this.status = status;
        this.parameter = parameter;
    }
}

const session = {
    key: () => sessionStorage.getItem(KEY_STORAGE),
    signIn: (key) => sessionStorage.setItem(KEY_STORAGE, key),
    signOut: () => sessionStorage.removeItem(KEY_STORAGE),
    onExpired: () => {},
};

async function api(method, path, body, key = session.key()) {
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + key };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
        response = await fetch(path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body),
            credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
        });
    } catch (e) {
        throw new ApiError(0, 'The ledger did not answer (' + e.message + '). Is it running?');
    }
    const text = await response.text();
    let json = null;
    try {
        json = text ? JSON.parse(text) : null;
    } catch (e) {
        // not JSON: answered below
    }
    if (!response.ok) {
        const error = json && json.errors && json.errors[0];
        const message = error ? (error.long_message || error.message) : 'HTTP ' + response.status;
        const failure = new ApiError(response.status, message, error && error.meta && error.meta.param_name);
        if (response.status === 401 && key === session.key()) {
            session.onExpired();
        }
        throw failure;
    }
    return json;
}

const q = (params) => {
    const search = new URLSearchParams();
    Object.entries(params).forEach(([name, value]) => {
        if (value !== undefined && value !== null && value !== '') {
            search.set(name, value);
        }
    });
    const text = search.toString();
    return text ? '?' + text : '';
};

// ---- small helpers -------------------------------------------------------------------------------------------

const time = (ms) => ms == null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
const minuteLabel = (ms) => new Date(ms).toISOString().slice(11, 16);
const words = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function status(key) {
    if (key.revoked) return 'revoked';
    if (key.expired) return 'expired';
    return 'active';
}

const Badge = ({ value }) => h('span', { class: 'badge badge-' + value }, value);

function actor(value) {
    if (!value) return 'unknown';
    return value.startsWith('key_') ? 'instance key ' + value : 'user ' + value;
}

function parseClaims(text) {
    if (!text.trim()) return null;
    let claims;
    try {
        claims = JSON.parse(text);
    } catch (e) {
        throw new ApiError(400, 'Claims must be a JSON object, e.g. {"tenant": "t_1"}.', 'claims');
    }
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
        throw new ApiError(400, 'Claims must be a JSON object, e.g. {"tenant": "t_1"}.', 'claims');
    }
    return claims;
}

async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch (e) {
        return false; // the field stays selected for Ctrl-C
    }
}

function go(hash) {
    if (location.hash === hash) {
        window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
        location.hash = hash;
    }
}

function route() {
    const hash = location.hash.replace(/^#/, '') || '/keys';
    const [path, search] = hash.split('?');
    return { path, params: new URLSearchParams(search || '') };
}

// A form's fields live in its component's state (values), so a re-render never loses what the operator typed.
function bind(component, name) {
    return {
        id: name, name, value: component.state.values[name],
        onInput: (e) => component.setState({ values: { ...component.state.values, [name]: e.target.value } }),
    };
}

const Field = ({ id, label, hint, children }) => h('div', { class: 'field' },
    h('label', { for: id }, label), children, hint ? h('small', { id: id + '-hint' }, hint) : null);

const Message = ({ error, ok }) => h(Fragment, null,
    error ? h('p', { class: 'message error', role: 'alert' }, error) : null,
    ok ? h('p', { class: 'message ok', role: 'status' }, ok) : null);

// ---- sign in -------------------------------------------------------------------------------------------------

class SignIn extends Component {
    state = { key: '', error: this.props.notice || '', busy: false };

    submit = async (event) => {
        event.preventDefault();
        const key = this.state.key.trim();
        if (!key) {
            this.setState({ error: 'Enter the instance key (LEDGER_SECRET_KEYS, or data/dev-instance-key in local mode).' });
            return;
        }
        this.setState({ busy: true, error: '' });
        try {
            await api('GET', '/v1/events?limit=1', undefined, key);
            this.props.onSignIn(key);
        } catch (e) {
            this.setState({
                busy: false, key: '', error: e.status === 401
                    ? 'That instance key was not accepted. Use one of LEDGER_SECRET_KEYS (in local mode the key ./ledger printed, kept in data/dev-instance-key).'
                    : e.message,
            });
        }
    };

    render(_, { key, error, busy }) {
        return h('main', { class: 'signin' },
            h('h1', null, 'Key ledger console'),
            h('p', null, 'Sign in with an instance secret key. It stays in this browser tab only and is forgotten when you sign out or close the tab.'),
            h('form', { onSubmit: this.submit, method: 'post', action: '#', autocomplete: 'off' },
                h(Field, { id: 'instance-key', label: 'Instance key' },
                    h('input', {
                        id: 'instance-key', type: 'password', value: key, autocomplete: 'off', spellcheck: false, autofocus: true,
                        required: true, 'aria-invalid': error ? 'true' : undefined,
                        onInput: (e) => this.setState({ key: e.target.value }),
                    })),
                h(Message, { error }),
                h('button', { type: 'submit', disabled: busy }, busy ? 'Signing in…' : 'Sign in')));
    }
}

// ---- keys ----------------------------------------------------------------------------------------------------

class KeysPage extends Component {
    state = { page: null, error: '', subjects: [], values: this.formValues() };

    formValues() {
        const p = this.props.params;
        return { subject: p.get('subject') || '', query: p.get('query') || '', invalid: p.get('invalid') === 'true' };
    }

    componentDidMount() {
        this.load();
    }

    componentDidUpdate(previous) {
        if (previous.params.toString() !== this.props.params.toString()) {
            this.setState({ values: this.formValues() });
            this.load();
        }
    }

    params() {
        const p = this.props.params;
        return {
            subject: p.get('subject') || '', query: p.get('query') || '', invalid: p.get('invalid') === 'true',
            offset: Number(p.get('offset') || 0),
        };
    }

    async load() {
        const { subject, query, invalid, offset } = this.params();
        this.setState({ error: '', page: null });
        if (!subject) {
            try {
                const events = await api('GET', '/v1/events?limit=100');
                const subjects = [...new Set(events.data.filter((e) => e.data && e.data.subject)
                    .map((e) => e.data.subject))].slice(0, 10);
                this.setState({ subjects });
            } catch (e) {
                this.setState({ error: e.message });
            }
            return;
        }
        try {
            const page = await api('GET', '/v1/api_keys' + q({
                subject, query, include_invalid: invalid ? 'true' : '', limit: PAGE_SIZE, offset,
            }));
            this.setState({ page });
        } catch (e) {
            this.setState({ error: e.message });
        }
    }

    search = (event) => {
        event.preventDefault();
        const { subject, query, invalid } = this.state.values;
        go('#/keys' + q({ subject: subject.trim(), query: query.trim(), invalid: invalid ? 'true' : '' }));
    };

    pageTo(offset) {
        const { subject, query, invalid } = this.params();
        go('#/keys' + q({ subject, query, invalid: invalid ? 'true' : '', offset: offset || '' }));
    }

    render(_, { page, error, subjects, values }) {
        const { subject, offset } = this.params();
        return h(Fragment, null,
            h('div', { class: 'title' },
                h('h1', { tabindex: -1 }, 'Keys'),
                h('a', { class: 'button', href: '#/keys/new' + q({ subject }) }, 'New key')),
            h('form', { class: 'search', onSubmit: this.search, role: 'search', method: 'post', action: '#' },
                h(Field, { id: 'subject', label: 'Subject' },
                    h('input', { ...bind(this, 'subject'), placeholder: 'user_… or org_…', required: true })),
                h(Field, { id: 'query', label: 'Name contains' },
                    h('input', { ...bind(this, 'query'), type: 'search' })),
                h('div', { class: 'field check' },
                    h('input', {
                        id: 'invalid', name: 'invalid', type: 'checkbox', checked: values.invalid,
                        onChange: (e) => this.setState({ values: { ...values, invalid: e.target.checked } }),
                    }),
                    h('label', { for: 'invalid' }, 'Include revoked and expired')),
                h('button', { type: 'submit' }, 'Find keys')),
            h(Message, { error }),
            !subject ? h('section', { class: 'hint' },
                h('p', null, 'Keys are listed per subject (the user_… or org_… that owns them). Enter one above.'),
                subjects.length ? h(Fragment, null,
                    h('h2', null, 'Subjects with recent changes'),
                    h('ul', { class: 'subjects' }, subjects.map((s) =>
                        h('li', { key: s }, h('a', { href: '#/keys' + q({ subject: s, invalid: 'true' }) }, s)))))
                    : null) : null,
            page ? h(KeyTable, { page, offset, onPage: (o) => this.pageTo(o) }) : null);
    }
}

const KeyTable = ({ page, offset, onPage }) => {
    const total = page.total_count;
    const last = Math.min(offset + page.data.length, total);
    return h('section', null,
        h('div', { class: 'table' },
            h('table', null,
                h('caption', null, total === 0 ? 'No keys match.' : `Keys ${offset + 1}–${last} of ${total}`),
                h('thead', null, h('tr', null, ['Name', 'Status', 'Subject', 'Scopes', 'Created', 'Expires',
                    'Last used'].map((c) => h('th', { scope: 'col', key: c }, c)))),
                // data-label: on a phone each row is a card, each cell labelled by its column
                h('tbody', null, page.data.map((key) => h('tr', { key: key.id },
                    h('td', { 'data-label': 'Name' }, h('a', { href: '#/keys/' + key.id }, key.name)),
                    h('td', { 'data-label': 'Status' }, h(Badge, { value: status(key) })),
                    h('td', { 'data-label': 'Subject', class: 'mono' }, key.subject),
                    h('td', { 'data-label': 'Scopes' }, (key.scopes || []).join(', ') || '—'),
                    h('td', { 'data-label': 'Created' }, time(key.created_at)),
                    h('td', { 'data-label': 'Expires' }, key.expiration ? time(key.expiration) : 'never'),
                    h('td', { 'data-label': 'Last used' }, key.last_used_at ? time(key.last_used_at) : 'never')))))),
        h('nav', { class: 'pager', 'aria-label': 'Pages of keys' },
            h('button', { type: 'button', disabled: offset === 0, onClick: () => onPage(Math.max(0, offset - PAGE_SIZE)) }, 'Previous'),
            h('button', { type: 'button', disabled: last >= total, onClick: () => onPage(offset + PAGE_SIZE) }, 'Next')));
};

// ---- create --------------------------------------------------------------------------------------------------

class NewKey extends Component {
    state = {
        error: '', busy: false, created: null, copied: '',
        values: { name: '', subject: this.props.params.get('subject') || '', description: '', scopes: '', claims: '', expiration: '' },
    };

    submit = async (event) => {
        event.preventDefault();
        const f = this.state.values;
        this.setState({ error: '', busy: true });
        try {
            const body = { name: f.name.trim(), subject: f.subject.trim(), scopes: words(f.scopes), claims: parseClaims(f.claims) };
            if (f.description.trim()) body.description = f.description.trim();
            if (f.expiration) body.seconds_until_expiration = Number(f.expiration);
            const created = await api('POST', '/v1/api_keys', body);
            this.setState({ created, busy: false });
        } catch (e) {
            this.setState({ error: e.message, busy: false });
        }
    };

    copySecret = async () => {
        document.getElementById('new-secret').select();
        this.setState({ copied: await copy(this.state.created.secret) ? 'Copied to the clipboard.' : 'Selected: press Ctrl-C (⌘-C) to copy.' });
    };

    done = () => {
        const id = this.state.created.id;
        this.setState({ created: null }); // the secret leaves the page for good
        go('#/keys/' + id);
    };

    render({ params }, { error, busy, created, copied }) {
        if (created) {
            return h('section', { class: 'secret-once', 'aria-labelledby': 'secret-title' },
                h('h1', { id: 'secret-title', tabindex: -1 }, 'Key created: ' + created.name),
                h('p', { class: 'warning' }, 'Copy the secret now. It is shown only this once; later only an explicit reveal on the key\'s page shows it again.'),
                h(Field, { id: 'new-secret', label: 'Secret' },
                    h('input', { id: 'new-secret', readonly: true, value: created.secret, class: 'mono', spellcheck: false })),
                h('div', { class: 'actions' },
                    h('button', { type: 'button', onClick: this.copySecret }, 'Copy secret'),
                    h('button', { type: 'button', class: 'secondary', onClick: this.done }, 'Done: open the key')),
                h(Message, { ok: copied }));
        }
        return h(Fragment, null,
            h('h1', { tabindex: -1 }, 'New key'),
            h('form', { class: 'edit', onSubmit: this.submit, method: 'post', action: '#' },
                h(Field, { id: 'name', label: 'Name' }, h('input', { ...bind(this, 'name'), required: true, maxlength: 255 })),
                h(Field, { id: 'subject', label: 'Subject', hint: 'The user_… or org_… the key acts for.' },
                    h('input', { ...bind(this, 'subject'), required: true, 'aria-describedby': 'subject-hint' })),
                h(Field, { id: 'description', label: 'Description' }, h('textarea', { ...bind(this, 'description'), rows: 2 })),
                h(Field, { id: 'scopes', label: 'Scopes', hint: 'Separated by spaces or commas.' },
                    h('input', { ...bind(this, 'scopes'), 'aria-describedby': 'scopes-hint' })),
                h(Field, { id: 'claims', label: 'Claims (JSON object)' },
                    h('textarea', { ...bind(this, 'claims'), rows: 3, class: 'mono', placeholder: '{"tenant": "t_1"}' })),
                h(Field, { id: 'expiration', label: 'Expires' },
                    h('select', { ...bind(this, 'expiration'), onChange: bind(this, 'expiration').onInput },
                        EXPIRATIONS.map(([value, label]) => h('option', { value, key: value }, label)))),
                h(Message, { error }),
                h('div', { class: 'actions' },
                    h('button', { type: 'submit', disabled: busy }, 'Create key'),
                    h('a', { class: 'button secondary', href: '#/keys' + q({ subject: params.get('subject') }) }, 'Cancel'))));
    }
}

// ---- one key -------------------------------------------------------------------------------------------------

class KeyPage extends Component {
    state = { key: null, deleted: false, trail: null, error: '', ok: '', secret: null, confirmName: '', reason: '', copied: '' };

    componentDidMount() {
        this.load();
    }

    componentDidUpdate(previous) {
        if (previous.id !== this.props.id) {
            this.setState({ key: null, trail: null, secret: null, deleted: false, ok: '', error: '' });
            this.load();
        }
    }

    async load() {
        const id = this.props.id;
        try {
            const trail = await api('GET', `/v1/api_keys/${id}/events`);
            this.setState({ trail: trail.data });
        } catch (e) {
            this.setState({ error: e.status === 404 ? 'No key has the id ' + id + '.' : e.message });
            return;
        }
        try {
            this.setState({ key: await api('GET', '/v1/api_keys/' + id) });
        } catch (e) {
            if (e.status === 404) {
                this.setState({ deleted: true, key: null });
            } else {
                this.setState({ error: e.message });
            }
        }
    }

    async act(run, ok) {
        this.setState({ error: '', ok: '' });
        try {
            await run();
            await this.load();
            this.setState({ ok });
        } catch (e) {
            this.setState({ error: e.message });
        }
    }

    // only what the operator changed is sent (the API changes only the fields sent; null clears one)
    save = (f) => {
        const k = this.state.key;
        this.act(async () => {
            const body = {};
            if (f.description.trim() !== (k.description || '')) body.description = f.description.trim() || null;
            const scopes = words(f.scopes);
            if (scopes.join(' ') !== (k.scopes || []).join(' ')) body.scopes = scopes;
            const claims = parseClaims(f.claims);
            if (JSON.stringify(claims) !== JSON.stringify(k.claims || null)) body.claims = claims;
            if (f.expiration) body.seconds_until_expiration = Number(f.expiration);
            if (!Object.keys(body).length) throw new ApiError(400, 'Nothing to save: no field was changed.');
            await api('PATCH', '/v1/api_keys/' + this.props.id, body);
        }, 'Saved.');
    };

    revoke = (event) => {
        event.preventDefault();
        const reason = this.state.reason.trim();
        this.act(() => api('POST', `/v1/api_keys/${this.props.id}/revoke`,
            reason ? { revocation_reason: reason } : {}), 'Revoked: verify rejects this key from now on.');
    };

    remove = (event) => {
        event.preventDefault();
        this.act(() => api('DELETE', '/v1/api_keys/' + this.props.id), 'Deleted: the secret is gone for good.');
    };

    reveal = async () => {
        try {
            const secret = await api('GET', `/v1/api_keys/${this.props.id}/secret`);
            this.setState({ secret: secret.secret, copied: '', ok: '', error: '' });
        } catch (e) {
            this.setState({ error: e.message });
        }
    };

    copySecret = async () => {
        document.getElementById('revealed-secret').select();
        this.setState({ copied: await copy(this.state.secret) ? 'Copied to the clipboard.' : 'Selected: press Ctrl-C (⌘-C) to copy.' });
    };

    render({ id }, { key, deleted, trail, error, ok, secret, confirmName, copied }) {
        const name = key ? key.name : trail && trail.length ? trail[0].data.name : id;
        return h(Fragment, null,
            h('p', { class: 'crumbs' }, h('a', {
                href: '#/keys' + q({ subject: key ? key.subject : trail && trail.length ? trail[0].data.subject : '', invalid: 'true' }),
            }, '← Keys')),
            h('div', { class: 'title' },
                h('h1', { tabindex: -1 }, name),
                key ? h(Badge, { value: status(key) }) : deleted ? h(Badge, { value: 'deleted' }) : null),
            h(Message, { error, ok }),
            h('div', { class: 'key-layout' },
                h('div', { class: 'key-main' },
                deleted ? h('p', null, 'This key was deleted. Its audit trail is kept for ever.') : null,
                key ? h(Fragment, null,
                    h(KeyFields, { key: key.id + key.updated_at, apiKey: key }),
                    h('section', { 'aria-labelledby': 'secret-heading' },
                        h('h2', { id: 'secret-heading' }, 'Secret'),
                        secret ? h(Fragment, null,
                            h(Field, { id: 'revealed-secret', label: 'Secret' },
                                h('input', { id: 'revealed-secret', readonly: true, value: secret, class: 'mono', spellcheck: false })),
                            h('div', { class: 'actions' },
                                h('button', { type: 'button', onClick: this.copySecret }, 'Copy secret'),
                                h('button', { type: 'button', class: 'secondary', onClick: () => this.setState({ secret: null, copied: '' }) }, 'Hide secret')),
                            h(Message, { ok: copied }))
                            : h('button', { type: 'button', class: 'secondary', onClick: this.reveal }, 'Reveal secret')),
                    key.revoked ? null : h('section', { 'aria-labelledby': 'revoke-heading', class: 'danger' },
                        h('h2', { id: 'revoke-heading' }, 'Revoke'),
                        h('form', { onSubmit: this.revoke, method: 'post', action: '#' },
                            h(Field, { id: 'reason', label: 'Reason' }, h('input', {
                                id: 'reason', name: 'reason', maxlength: 1024, value: this.state.reason,
                                onInput: (e) => this.setState({ reason: e.target.value }),
                            })),
                            h('button', { type: 'submit', class: 'danger' }, 'Revoke key'))),
                    h(EditForm, { key: 'edit-' + key.updated_at, apiKey: key, onSave: this.save }),
                    h('section', { 'aria-labelledby': 'delete-heading', class: 'danger' },
                        h('h2', { id: 'delete-heading' }, 'Delete'),
                        h('form', { onSubmit: this.remove, method: 'post', action: '#' },
                            h(Field, { id: 'confirm-name', label: `Type the key's name (${key.name}) to delete it` },
                                h('input', { id: 'confirm-name', value: confirmName, autocomplete: 'off', onInput: (e) => this.setState({ confirmName: e.target.value }) })),
                            h('button', { type: 'submit', class: 'danger', disabled: confirmName !== key.name }, 'Delete key')))) : null,
                ),
                trail ? h('aside', { class: 'key-side' }, h(Timeline, { trail })) : null));
    }
}

const KeyFields = ({ apiKey: k }) => h('section', { 'aria-labelledby': 'fields-heading' },
    h('h2', { id: 'fields-heading', class: 'sr-only' }, 'Fields'),
    h('dl', { class: 'fields' }, [
        ['ID', k.id, 'mono'], ['Type', k.type], ['Name', k.name], ['Subject', k.subject, 'mono'],
        ['Description', k.description || '—'], ['Scopes', (k.scopes || []).join(', ') || '—'],
        ['Claims', k.claims ? JSON.stringify(k.claims) : '—', 'mono'], ['Status', status(k)],
        ['Revocation reason', k.revocation_reason || '—'], ['Expires', k.expiration ? time(k.expiration) : 'never'],
        ['Created by', k.created_by || '—', 'mono'], ['Created', time(k.created_at)], ['Updated', time(k.updated_at)],
        ['Last used', k.last_used_at ? time(k.last_used_at) : 'never'],
    ].map(([term, value, cls]) => h('div', { key: term }, h('dt', null, term), h('dd', { class: cls }, value)))));

class EditForm extends Component {
    state = {
        values: {
            description: this.props.apiKey.description || '', scopes: (this.props.apiKey.scopes || []).join(' '),
            claims: this.props.apiKey.claims ? JSON.stringify(this.props.apiKey.claims) : '', expiration: '',
        },
    };

    submit = (event) => {
        event.preventDefault();
        this.props.onSave(this.state.values);
    };

    render({ apiKey: k }) {
        return h('section', { 'aria-labelledby': 'edit-heading' },
            h('h2', { id: 'edit-heading' }, 'Edit'),
            h('form', { class: 'edit', onSubmit: this.submit, method: 'post', action: '#' },
                h(Field, { id: 'description', label: 'Description' }, h('textarea', { ...bind(this, 'description'), rows: 2 })),
                h(Field, { id: 'scopes', label: 'Scopes', hint: 'Separated by spaces or commas.' },
                    h('input', { ...bind(this, 'scopes'), 'aria-describedby': 'scopes-hint' })),
                h(Field, { id: 'claims', label: 'Claims (JSON object)' },
                    h('textarea', { ...bind(this, 'claims'), rows: 3, class: 'mono' })),
                h(Field, { id: 'expiration', label: 'Expiration', hint: k.expiration ? 'Now ' + time(k.expiration) + '.' : 'Now never.' },
                    h('select', { ...bind(this, 'expiration'), onChange: bind(this, 'expiration').onInput, 'aria-describedby': 'expiration-hint' },
                        h('option', { value: '' }, 'Keep as it is'),
                        EXPIRATIONS.slice(1).map(([value, label]) => h('option', { value, key: value }, label + ' from now')))),
                h('button', { type: 'submit' }, 'Save changes')));
    }
}

const EVENT_TITLES = {
    'api_key.created': 'Created', 'api_key.updated': 'Updated', 'api_key.revoked': 'Revoked', 'api_key.deleted': 'Deleted',
};

function changeText(event) {
    const created = event.type === 'api_key.created';
    return (event.changed || []).filter((field) => field !== 'revoked' && field !== 'deleted').filter((field) => {
        const value = event.data ? event.data[field] : undefined;
        // a create sets every field: show those it gave a value
        return !created || !(value === undefined || value === null || (Array.isArray(value) && !value.length));
    }).map((field) => {
        const value = event.data ? event.data[field] : undefined;
        if (value === undefined || value === null) return field + ': —';
        if (field === 'expiration') return 'expiration: ' + time(value);
        return field + ': ' + (typeof value === 'string' ? value : JSON.stringify(value));
    });
}

const EventDetails = ({ event }) => h(Fragment, null,
    h('p', { class: 'who' }, 'by ', h('strong', null, actor(event.actor)), ' from ', event.client_address || 'unknown',
        event.user_agent ? ' with ' + event.user_agent : ''),
    changeText(event).length ? h('ul', { class: 'changes' }, changeText(event).map((c) => h('li', { key: c }, c))) : null,
    h('p', { class: 'request' }, 'request ', h('span', { class: 'mono' }, event.request_id || '—')));

const Timeline = ({ trail }) => h('section', { 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, 'Audit trail'),
    h('ol', { class: 'timeline' }, trail.map((event) => h('li', { key: event.id, class: 'event event-' + event.type.split('.')[1] },
        h('p', { class: 'what' }, h('strong', null, EVENT_TITLES[event.type] || event.type), ' ',
            h('time', { datetime: new Date(event.occurred_at).toISOString() }, time(event.occurred_at))),
        h(EventDetails, { event })))));

// ---- activity ------------------------------------------------------------------------------------------------

const OUTCOME_COLOURS = { valid: '#2e7d32', invalid: '#ef6c00', rejected: '#6a1b9a', unavailable: '#c62828' };
const CHANGE_COLOURS = { created: '#1565c0', updated: '#78909c', revoked: '#c62828', deleted: '#4e342e' };

class ChartCanvas extends Component {
    componentDidMount() {
        this.chart = new window.Chart(this.canvas, {
            type: this.props.type, data: this.props.data,
            options: {
                animation: false, responsive: true, maintainAspectRatio: false,
                scales: {
                    x: { stacked: this.props.stacked },
                    y: { stacked: this.props.stacked, beginAtZero: true, ticks: this.props.counts ? { precision: 0 } : {} },
                },
                plugins: { legend: { position: 'bottom' } },
            },
        });
    }

    componentDidUpdate() {
        this.chart.data = this.props.data;
        this.chart.update('none');
    }

    componentWillUnmount() {
        this.chart.destroy();
    }

    render({ label }) {
        return h('div', { class: 'chart' }, h('canvas', { ref: (c) => { this.canvas = c; }, role: 'img', 'aria-label': label }));
    }
}

function charts(minutes) {
    const labels = minutes.map((m) => minuteLabel(m.minute));
    const series = (group, colours, names) => names.map((name) => ({
        label: name, backgroundColor: colours[name], borderColor: colours[name],
        data: minutes.map((m) => m[group] ? m[group][name] : null),
    }));
    const sum = (group, name) => minutes.reduce((total, m) => total + (m[group] ? m[group][name] : 0), 0);
    return {
        verifies: { labels, datasets: series('verifies', OUTCOME_COLOURS, Object.keys(OUTCOME_COLOURS)) },
        verifiesLabel: 'Verifies per minute over the last hour: ' + Object.keys(OUTCOME_COLOURS)
            .map((o) => sum('verifies', o) + ' ' + o).join(', '),
        changes: { labels, datasets: series('events', CHANGE_COLOURS, ['created', 'revoked']) },
        changesLabel: `Changes per minute over the last hour: ${sum('events', 'created')} created, ${sum('events', 'revoked')} revoked`,
        lag: {
            labels, datasets: [{
                label: 'projection lag (s)', borderColor: '#1565c0', backgroundColor: '#1565c0', pointRadius: 0,
                data: minutes.map((m) => m.projection_lag_seconds),
            }],
        },
        lagLabel: 'Highest projection lag per minute, in seconds, over the last hour',
    };
}

class ActivityPage extends Component {
    state = { events: [], cursor: null, more: false, metrics: null, error: '', updated: null };

    componentDidMount() {
        this.refresh();
        this.metrics();
        this.feedTimer = setInterval(() => this.refresh(), FEED_POLL_MS);
        this.metricsTimer = setInterval(() => this.metrics(), METRICS_POLL_MS);
    }

    componentWillUnmount() {
        clearInterval(this.feedTimer);
        clearInterval(this.metricsTimer);
    }

    async refresh() {
        try {
            const page = await api('GET', '/v1/events' + q({ limit: FEED_SIZE }));
            this.setState((state) => {
                const newest = page.data;
                const seen = new Set(newest.map((e) => e.position));
                const older = state.events.filter((e) => !seen.has(e.position) && (!newest.length || e.position < newest[newest.length - 1].position));
                const keepOlder = state.events.length > FEED_SIZE;
                return {
                    events: keepOlder ? newest.concat(older) : newest,
                    cursor: keepOlder ? state.cursor : page.next_cursor, more: keepOlder ? state.more : page.has_more,
                    error: '', updated: Date.now(),
                };
            });
        } catch (e) {
            this.setState({ error: e.message });
        }
    }

    older = async () => {
        try {
            const page = await api('GET', '/v1/events' + q({ limit: FEED_SIZE, cursor: this.state.cursor }));
            this.setState((state) => ({ events: state.events.concat(page.data), cursor: page.next_cursor, more: page.has_more }));
        } catch (e) {
            this.setState({ error: e.message });
        }
    };

    async metrics() {
        try {
            this.setState({ metrics: await api('GET', '/v1/metrics') });
        } catch (e) {
            this.setState({ error: e.message });
        }
    }

    render(_, { events, more, metrics, error, updated }) {
        const c = metrics ? charts(metrics.minutes) : null;
        return h(Fragment, null,
            h('div', { class: 'title' }, h('h1', { tabindex: -1 }, 'Activity'),
                h('button', { type: 'button', class: 'secondary', onClick: () => { this.refresh(); this.metrics(); } }, 'Refresh')),
            h(Message, { error }),
            c ? h('div', { class: 'charts' },
                h('section', { 'aria-labelledby': 'verifies-heading' }, h('h2', { id: 'verifies-heading' }, 'Verifies per minute'),
                    h(ChartCanvas, { type: 'bar', stacked: true, counts: true, data: c.verifies, label: c.verifiesLabel })),
                h('section', { 'aria-labelledby': 'changes-heading' }, h('h2', { id: 'changes-heading' }, 'Creates and revokes per minute'),
                    h(ChartCanvas, { type: 'bar', stacked: false, counts: true, data: c.changes, label: c.changesLabel })),
                h('section', { 'aria-labelledby': 'lag-heading' }, h('h2', { id: 'lag-heading' }, 'Projection lag'),
                    h(ChartCanvas, { type: 'line', stacked: false, data: c.lag, label: c.lagLabel }))) : null,
            h('section', { 'aria-labelledby': 'feed-heading' },
                h('h2', { id: 'feed-heading' }, 'Latest events'),
                h('p', { class: 'muted', 'aria-live': 'polite' }, updated ? 'Live: checked ' + time(updated) + ', every 5 s.' : 'Loading…'),
                h('ol', { class: 'timeline feed' }, events.map((event) => h('li', { key: event.position, class: 'event event-' + event.type.split('.')[1] },
                    h('p', { class: 'what' }, h('strong', null, EVENT_TITLES[event.type] || event.type), ' ',
                        h('a', { href: '#/keys/' + event.api_key_id }, event.type === 'api_key.created' && event.data.name ? event.data.name : event.api_key_id), ' ',
                        h('time', { datetime: new Date(event.occurred_at).toISOString() }, time(event.occurred_at)),
                        h('span', { class: 'muted' }, ' #' + event.position)),
                    h(EventDetails, { event })))),
                more ? h('button', { type: 'button', class: 'secondary', onClick: this.older }, 'Older events') : null));
    }
}

// ---- the frame -----------------------------------------------------------------------------------------------

class App extends Component {
    state = { signedIn: !!session.key(), route: route(), notice: '' };

    componentDidMount() {
        session.onExpired = () => this.signOut('The ledger no longer accepts this instance key: sign in again.');
        window.addEventListener('hashchange', () => this.setState({ route: route() }, () => {
            const heading = document.querySelector('main h1');
            if (heading) heading.focus();
        }));
    }

    signIn = (key) => {
        session.signIn(key);
        this.setState({ signedIn: true, notice: '' });
    };

    signOut = (notice) => {
        session.signOut();
        this.setState({ signedIn: false, notice: typeof notice === 'string' ? notice : '' });
    };

    page() {
        const { path, params } = this.state.route;
        if (path === '/activity') return h(ActivityPage, null);
        if (path === '/keys/new') return h(NewKey, { params });
        const key = path.match(/^\/keys\/([^/]+)$/);
        if (key) return h(KeyPage, { id: decodeURIComponent(key[1]) });
        return h(KeysPage, { params });
    }

    render(_, { signedIn, route: { path }, notice }) {
        if (!signedIn) {
            return h(SignIn, { onSignIn: this.signIn, notice });
        }
        const here = (p) => (p === '/activity' ? path === p : path !== '/activity') ? 'page' : undefined;
        return h(Fragment, null,
            h('header', null,
                h('a', { class: 'brand', href: '#/keys' }, 'Key ledger'),
                h('nav', { 'aria-label': 'Console' },
                    h('a', { href: '#/keys', 'aria-current': here('/keys') }, 'Keys'),
                    h('a', { href: '#/activity', 'aria-current': here('/activity') }, 'Activity'),
                    h('button', { type: 'button', class: 'secondary', onClick: this.signOut }, 'Sign out'))),
            h('main', null, this.page()));
    }
}

render(h(App, null), document.getElementById('console'));

/*
 * possync POS page: a workstation screen on the POS API (docs/pos-api.md), plain JavaScript, no build step.
 *
 * Served by the service host at "/" and by the cloud at "/pos/". It works on the host while the host answers, on the
 * cloud (GREEN mode) when the host does not answer within 2 s, and says OFFLINE when neither answers.
 *
 * A write (open a check, ring a line, send, pay, close) that gets no answer in time may have been made or not: an
 * Idempotency-Key is known only to the side that saw it, so the page never makes it again on the other side by
 * itself. It switches sides, shows the check (and the open checks) as the side now in use has it (the host mirrors
 * its checks to the cloud as they change; the page goes back to the host once the host has the cloud's), and says in
 * #error that the side did not answer and what to check before doing it again. Reads go to whichever side answers.
 *
 * Pairing: "#token=<device token>&host=<host URL>&cloud=<cloud URL>" in the address (removed from the address bar
 * once read), else what this browser kept in localStorage, else the pairing form. Sessions of the signed-in employee
 * (one per side) are kept in sessionStorage; the PIN is never kept.
 *
 * Element ids and test hooks (stable: the browser tests use them):
 *   #mode                 where the page works: text HOST | CLOUD (GREEN) | OFFLINE, attribute data-mode host|cloud|offline
 *   #error                the last error (the server's message), hidden when there is none; a click hides it;
 *                         data-unanswered="host|cloud" while it says that a write got no answer from that side
 *   #pairing-screen       pairing form: #pair-token, #pair-host, #pair-cloud, #pair-save
 *   #signin-screen        sign-in form: #employee-number, #pin, #sign-in; #signin-reason says why it is asked again;
 *                         keypad buttons [data-key]; #unpair forgets the pairing
 *   #pos-screen           the selling screen (shown once signed in)
 *   #employee-name        the signed-in employee's name; #sign-out signs out (on the host and the cloud)
 *   #property-name        the property's name
 *   #guest-count          guests of the next check; #open-check opens it
 *   #open-checks          open checks: buttons [data-testid="open-check-item"][data-check-id][data-number]
 *   #check-view           the check shown, attribute data-check-id; #no-check when there is none
 *   #check-number         its number (text, and data-number); #check-status its status (text, and data-status)
 *   #check-lines          its lines: li[data-testid="check-line"][data-line-id][data-menu-item-id][data-status],
 *                         with .name, .qty, .amount and li[data-testid="line-modifier"][data-modifier-id]
 *   #subtotal #discounts #service-charges #tax #total #paid #balance-due #change-due
 *                         amounts, formatted; attribute data-cents holds the integer cents
 *   #send #cash #close    the check's actions (disabled when they do not apply); #check-done puts the check aside
 *   #slus                 menu groups: buttons [data-testid="slu"][data-slu-id] (aria-pressed="true" when shown)
 *   #menu-items           menu items: buttons [data-testid="menu-item"][data-item-id][data-slu-id]; only the shown
 *                         group's items are displayed
 *   #modifier-picker      modifiers of the item being rung: fieldset[data-testid="modifier-group"][data-group-id]
 *                         [data-min][data-max] ("choose min..max"), checkboxes input[data-modifier-id];
 *                         #add-line-confirm adds the line (refused here while a group is outside min..max, said in
 *                         #error and #modifier-problem), #add-line-cancel
 *   #cash-dialog          #cash-amount (the balance due to start with), #cash-confirm, #cash-cancel
 */
(function () {
  'use strict';

  var HOST_TIMEOUT_MS = 2000;   // a host call or /health slower than this: the host is away, go to the cloud
  var CLOUD_TIMEOUT_MS = 8000;  // a call to the cloud (over the internet)
  var HEALTH_TIMEOUT_MS = 2000; // a /health probe of either side
  var PROBE_MS = 2000;          // how often the sides are probed
  var PAIRING_KEY = 'possync.pos.pairing';
  var EMPLOYEE_KEY = 'possync.pos.employee';
  var CHECK_KEY = 'possync.pos.check';
  var MODES = { host: 'HOST', cloud: 'CLOUD (GREEN)', offline: 'OFFLINE' };
  var SIDES = ['host', 'cloud'];

  var state = {
    pairing: null,      // {token, host, cloud}
    mode: 'offline',    // host | cloud | offline
    employee: null,     // {id, firstName, lastName}
    config: null,       // GET /api/pos/config
    menuRvc: null,      // the revenue center whose menu is shown
    slu: null,          // the SLU shown
    check: null,        // the check shown
    checkId: null,      // its id (kept across a switch and a new sign-in)
    chain: Promise.resolve(), // writes run one after another
    probing: false,
    started: false,
    ws: null,
    wsSide: null,
    wsToken: null,
    wsRetry: null,
    wsDelay: 1000,
    picker: null,       // {item, groups}
    openChecks: [],     // the open checks listed
    keypadTarget: 'number', // the sign-in field the keypad types into
    probeLoop: false,
    listTimer: null,
    arrived: null,      // the side switched to, until it first accepts this page's session
    unansweredAtPin: null // an Unanswered said again once signed in (the switch it caused asked for the PIN)
  };

  function $(id) {
    return document.getElementById(id);
  }

  // ---------------------------------------------------------------------------------------------------- errors

  /** The call did not get an answer (timeout, refused, blocked). */
  function NetError(message) {
    this.message = message;
  }
  NetError.prototype = Object.create(Error.prototype);

  /** The server answered with an error: {"error", "message"}. */
  function ApiError(status, body) {
    this.status = status;
    this.code = body && body.error;
    this.body = body;
    this.message = body && body.message ? body.message : 'the server answered ' + status;
  }
  ApiError.prototype = Object.create(Error.prototype);

  /**
   * A write that got no answer from the side it went to (made there or not: nobody can tell yet). The page switched
   * sides and shows the check as the side now in use has it; the message says what to check before doing it again.
   */
  function Unanswered(side, message) {
    this.side = side;
    this.message = message;
  }
  Unanswered.prototype = Object.create(Error.prototype);

  /** Already shown to the user (the sign-in screen): nothing more to say. */
  function Handled() {
    this.message = 'handled';
  }
  Handled.prototype = Object.create(Error.prototype);

  function showError(message, unansweredSide) {
    var e = $('error');
    e.textContent = message;
    e.hidden = false;
    if (unansweredSide) {
      e.setAttribute('data-unanswered', unansweredSide);
    } else {
      e.removeAttribute('data-unanswered');
    }
  }

  function clearError() {
    var e = $('error');
    e.textContent = '';
    e.hidden = true;
    e.removeAttribute('data-unanswered');
  }

  function report(err) {
    if (err instanceof Handled) {
      return;
    }
    if (err instanceof NetError) {
      showError('No answer from the host or the cloud: ' + err.message);
      return;
    }
    if (err instanceof Unanswered) {
      showError(err.message, err.side);
      return;
    }
    showError(err && err.message ? err.message : String(err));
    if (!(err instanceof ApiError) && window.console) {
      console.error(err);
    }
  }

  // ---------------------------------------------------------------------------------------------------- money

  var moneyFormat = null;

  function money(cents) {
    if (cents === null || cents === undefined) {
      return '';
    }
    if (!moneyFormat) {
      var currency = state.config && state.config.property && state.config.property.currency || 'USD';
      try {
        moneyFormat = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency,
          minimumFractionDigits: 2, maximumFractionDigits: 2 });
      } catch (e) {
        moneyFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
    }
    return moneyFormat.format(cents / 100);
  }

  /** "12.3", "12,30", "12" as cents; null when it is no amount. */
  function parseCents(text) {
    var m = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text || '');
    if (!m) {
      return null;
    }
    var frac = (m[2] || '') + '00';
    return parseInt(m[1], 10) * 100 + parseInt(frac.substring(0, 2), 10);
  }

  function plainAmount(cents) {
    var s = String(Math.abs(cents) % 100);
    return Math.floor(Math.abs(cents) / 100) + '.' + (s.length < 2 ? '0' + s : s);
  }

  // ---------------------------------------------------------------------------------------------------- ids

  /** A fresh Idempotency-Key (crypto.randomUUID needs a secure context: a host on plain HTTP is none). */
  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).substring(1);
    }).join('');
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-'
      + h.substring(20);
  }

  /** The device id of the device token (its subject); null when it cannot be read. */
  function deviceId() {
    try {
      var part = state.pairing.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) {
        part += '=';
      }
      return JSON.parse(atob(part)).sub || null;
    } catch (e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------------- pairing

  function servedByCloud() {
    return /^\/pos(\/|$)/.test(location.pathname);
  }

  /** A base URL without its trailing slash; '' when it is none. */
  function baseUrl(text) {
    if (!text) {
      return '';
    }
    try {
      var u = new URL(String(text).trim());
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        return '';
      }
      return (u.origin + u.pathname).replace(/\/+$/, '');
    } catch (e) {
      return '';
    }
  }

  function readPairing() {
    var hash = location.hash.charAt(0) === '#' ? location.hash.substring(1) : '';
    var params = new URLSearchParams(hash);
    var kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(PAIRING_KEY) || 'null');
    } catch (e) {
      kept = null;
    }
    var pairing = null;
    if (params.get('token')) {
      pairing = { token: params.get('token').trim(), host: baseUrl(params.get('host')),
        cloud: baseUrl(params.get('cloud')) };
      // the token leaves the address bar (and the history) at once
      history.replaceState(null, '', location.pathname + location.search);
    } else if (kept && kept.token) {
      pairing = { token: kept.token, host: baseUrl(kept.host), cloud: baseUrl(kept.cloud) };
    }
    if (!pairing) {
      return null;
    }
    if (kept && kept.token !== pairing.token) {
      forgetSessions(); // another device now: the sessions of the one before are not this one's
    }
    if (!pairing.host && !servedByCloud()) {
      pairing.host = location.origin;
    }
    if (!pairing.cloud && servedByCloud()) {
      pairing.cloud = location.origin;
    }
    savePairing(pairing);
    return pairing;
  }

  function savePairing(p) {
    try {
      localStorage.setItem(PAIRING_KEY, JSON.stringify(p));
    } catch (e) {
      // private mode: the pairing lasts as long as the page
    }
  }

  // ---------------------------------------------------------------------------------------------------- sessions

  function sessionKey(side) {
    return 'possync.pos.session.' + side;
  }

  function session(side) {
    return side === 'offline' ? null : sessionStorage.getItem(sessionKey(side));
  }

  function dropSession(side) {
    sessionStorage.removeItem(sessionKey(side));
  }

  function forgetSessions() {
    SIDES.forEach(dropSession);
    sessionStorage.removeItem(EMPLOYEE_KEY);
    sessionStorage.removeItem(CHECK_KEY);
  }

  // ---------------------------------------------------------------------------------------------------- HTTP

  function base(side) {
    return side === 'host' ? state.pairing.host : side === 'cloud' ? state.pairing.cloud : '';
  }

  /**
   * One HTTP call to one side, with an AbortController timeout; the answer's JSON, ApiError for an error status,
   * NetError when there is no answer in time.
   */
  function http(side, method, path, body, token, key, timeoutMs) {
    var url = base(side);
    if (!url) {
      return Promise.reject(new NetError('no ' + side + ' URL is paired'));
    }
    var ctl = new AbortController();
    var limit = timeoutMs || (side === 'host' ? HOST_TIMEOUT_MS : CLOUD_TIMEOUT_MS);
    var timer = setTimeout(function () {
      ctl.abort();
    }, limit);
    var headers = {};
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (key) {
      headers['Idempotency-Key'] = key;
    }
    var status = 0;
    return fetch(url + path, { method: method, headers: headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body), signal: ctl.signal })
      .then(function (res) {
        status = res.status;
        return res.text();
      })
      .then(function (text) {
        clearTimeout(timer);
        var json = null;
        if (text) {
          try {
            json = JSON.parse(text);
          } catch (e) {
            json = null;
          }
        }
        if (status < 200 || status >= 300) {
          throw new ApiError(status, json);
        }
        return json;
      }, function () {
        clearTimeout(timer);
        throw new NetError(side === 'host' ? 'the host did not answer within ' + (limit / 1000) + ' s'
          : 'the cloud did not answer');
      });
  }

  /**
   * A POS API call on the side in use, as the signed-in employee (or the device, with opts.device). When the side
   * does not answer, the page switches sides (lost()); a read is then made again on the side now in use. A write is
   * not: an Idempotency-Key is known only to the side that saw it, and the side that did not answer in time may have
   * made the write (a slow host, alive) and mirrored it to the cloud; made again on the other side it would be made
   * twice. The write fails with Unanswered instead, once the check is shown as the side now in use has it
   * (opts.unanswered: what to check before doing it again). Only on the same side (the page is still, or again, on
   * it) is a write made again, once, with the same Idempotency-Key: that side answers a repeat with its first answer.
   * A session the side no longer knows shows the sign-in screen.
   */
  function api(method, path, body, opts) {
    opts = opts || {};
    var write = method !== 'GET';
    var key = method === 'POST' ? (opts.key || newKey()) : null;
    var attempt = 0;
    function go() {
      var side = state.mode;
      if (side === 'offline') {
        return Promise.reject(new Error('No connection to the host or the cloud: nothing was sent. Try again '
          + 'when one of them answers.'));
      }
      var token = opts.device ? state.pairing.token : session(side);
      if (!token) {
        needPin(nowOn(side));
        return Promise.reject(new Handled());
      }
      return http(side, method, path, body, token, key).then(function (answer) {
        if (!opts.device && state.arrived === side) {
          state.arrived = null;
        }
        return answer;
      }, function (err) {
        if (err instanceof NetError && (write || attempt < 2)) {
          attempt++;
          return lost(side).then(function () {
            if (!write || (state.mode === side && attempt < 2)) {
              return go();
            }
            return unanswered(side, opts.unanswered);
          });
        }
        if (err instanceof ApiError && err.status === 401 && !opts.device) {
          dropSession(side);
          // a side just switched to may not know the session (a host that restarted keeps none): say where, not
          // that the session ended
          needPin(state.arrived === side ? nowOn(side) : err.code === 'session_revoked'
            ? 'Your session ended: sign in again.' : 'Sign in again to go on.');
          throw new Handled();
        }
        throw err;
      });
    }
    return go();
  }

  /**
   * A write to this side got no answer: shows the open checks and the check shown as the side now in use has them
   * (what of them it answers), then fails with Unanswered, saying what to check before doing it again.
   */
  function unanswered(side, what) {
    var who = side === 'host' ? 'The host' : 'The cloud';
    what = what || 'check the order before ringing it again';
    var err = new Unanswered(side, state.mode === 'offline'
      ? who + ' did not answer, and the ' + (side === 'host' ? 'cloud' : 'host') + ' cannot be reached either: once '
        + 'one of them answers, ' + what + '.'
      : who + ' did not answer: ' + what + '.');
    state.unansweredAtPin = null;
    if (state.mode !== 'offline' && state.mode !== side && !session(state.mode)) {
      state.unansweredAtPin = err; // the switch asked for the PIN: said again once the check shows
    }
    if (state.mode === 'offline' || state.mode === side || !session(state.mode)) {
      return Promise.reject(err); // a switch to a side that answers shows the check
    }
    var reads = [loadChecks()];
    if (state.checkId) {
      reads.push(loadCheck(state.checkId, true));
    }
    var fail = function () {
      throw err;
    };
    return Promise.all(reads).then(fail, fail);
  }

  /** Runs a user's action after the ones before it; its failure is shown in #error. */
  function act(fn) {
    clearError();
    state.chain = state.chain.then(fn).catch(report);
    return state.chain;
  }

  // ---------------------------------------------------------------------------------------------------- mode

  function renderMode() {
    var m = $('mode');
    m.textContent = MODES[state.mode];
    m.setAttribute('data-mode', state.mode);
    document.body.setAttribute('data-mode', state.mode);
  }

  function healthy(side) {
    if (!base(side)) {
      return Promise.resolve(false);
    }
    return http(side, 'GET', '/health', undefined, null, null, HEALTH_TIMEOUT_MS).then(function () {
      return true;
    }, function () {
      return false;
    });
  }

  /** The host answers /health, and its status does not say that checks from the cloud still wait to be merged. */
  function hostUsable() {
    return healthy('host').then(function (up) {
      if (!up) {
        return false;
      }
      return http('host', 'GET', '/api/host/status', undefined, null, null, HEALTH_TIMEOUT_MS).then(function (s) {
        return !s || s.checksMerged !== false;
      }, function () {
        return false;
      });
    });
  }

  /** A side did not answer: go to the other one when it answers, else offline. */
  function lost(side) {
    if (side === 'host') {
      return healthy('cloud').then(function (up) {
        return switchTo(up ? 'cloud' : 'offline');
      });
    }
    if (side === 'cloud') {
      return hostUsable().then(function (up) {
        return switchTo(up ? 'host' : 'offline');
      });
    }
    return Promise.resolve();
  }

  /** Where the page works: the host when it can, else the cloud, else offline (probed every 2 s). */
  function probe() {
    if (state.probing) {
      return Promise.resolve();
    }
    state.probing = true;
    var done = function () {
      state.probing = false;
    };
    var p;
    if (state.mode === 'host') {
      p = healthy('host').then(function (up) {
        return up ? null : lost('host');
      });
    } else {
      p = hostUsable().then(function (up) {
        if (up) {
          return switchTo('host');
        }
        return healthy('cloud').then(function (cloudUp) {
          if (state.mode === 'cloud' && !cloudUp) {
            return switchTo('offline');
          }
          if (state.mode === 'offline' && cloudUp) {
            return switchTo('cloud');
          }
          return null;
        });
      });
    }
    return p.then(done, done);
  }

  function probeLoop() {
    probe().then(function () {
      setTimeout(probeLoop, PROBE_MS);
    });
  }

  /** Why the sign-in screen shows after a switch to this side. */
  function nowOn(side) {
    return 'Now working on the ' + (side === 'host' ? 'host' : 'cloud') + ': sign in again to go on.';
  }

  function switchTo(mode) {
    if (state.mode === mode) {
      return Promise.resolve();
    }
    state.mode = mode;
    state.arrived = mode;
    renderMode();
    connectSocket();
    if (mode === 'offline' || !state.started || !state.employee) {
      return Promise.resolve();
    }
    if (!session(mode)) {
      needPin(nowOn(mode));
      return Promise.resolve();
    }
    // the same check, as the side now in use has it
    return reloadAll().catch(report);
  }

  // ---------------------------------------------------------------------------------------------------- screens

  function showScreen(name) {
    ['pairing', 'signin', 'pos'].forEach(function (s) {
      $(s + '-screen').hidden = s !== name;
    });
    var signedIn = name === 'pos' && state.employee;
    $('employee-name').hidden = !signedIn;
    $('sign-out').hidden = !state.employee;
    if (state.employee) {
      $('employee-name').textContent = state.employee.firstName + ' ' + state.employee.lastName;
    }
    if (name === 'signin') {
      $('pin').value = '';
      ($('employee-number').value ? $('pin') : $('employee-number')).focus();
    }
  }

  /** The sign-in screen, saying why; the check shown stays (it is shown again after the sign-in). */
  function needPin(reason) {
    closeDialogs();
    var r = $('signin-reason');
    r.textContent = reason || '';
    r.hidden = !reason;
    showScreen('signin');
  }

  function showPairing() {
    var kept = state.pairing || {};
    $('pair-token').value = kept.token || '';
    $('pair-host').value = kept.host || (servedByCloud() ? '' : location.origin);
    $('pair-cloud').value = kept.cloud || (servedByCloud() ? location.origin : '');
    showScreen('pairing');
    $('pair-token').focus();
  }

  // ---------------------------------------------------------------------------------------------------- sign-in

  function signIn(number, pin) {
    var body = { employeeNumber: number, pin: pin };
    var ready = state.mode === 'offline' ? probe() : Promise.resolve();
    return ready.then(function () {
      if (state.mode === 'offline') {
        throw new Error('No connection to the host or the cloud: cannot sign in now.');
      }
      // on both sides at once, so that a switch needs no new sign-in; the PIN goes no further than these calls
      var sides = SIDES.filter(function (s) {
        return base(s);
      });
      return Promise.all(sides.map(function (s) {
        return http(s, 'POST', '/api/pos/sessions', body, state.pairing.token, newKey()).then(function (r) {
          return { side: s, answer: r };
        }, function (e) {
          return { side: s, err: e };
        });
      }));
    }).then(function (results) {
      body = null;
      var bySide = {};
      results.forEach(function (r) {
        bySide[r.side] = r;
      });
      var current = bySide[state.mode];
      if ((!current || current.err instanceof NetError)) {
        var other = results.filter(function (r) {
          return r.answer;
        })[0];
        if (other) {
          current = other;
        }
      }
      if (!current || current.err) {
        throw current ? current.err : new Error('No connection to the host or the cloud: cannot sign in now.');
      }
      results.forEach(function (r) {
        if (r.answer && r.answer.sessionToken) {
          sessionStorage.setItem(sessionKey(r.side), r.answer.sessionToken);
        } else {
          dropSession(r.side);
        }
      });
      var e = current.answer.employee || {};
      state.employee = { id: e.id, firstName: e.firstName || '', lastName: e.lastName || '' };
      sessionStorage.setItem(EMPLOYEE_KEY, JSON.stringify(state.employee));
      if (current.side !== state.mode) {
        state.mode = current.side;
        renderMode();
      }
      state.arrived = null; // fresh sessions on both sides
      connectSocket(true);
      $('signin-reason').hidden = true;
      showScreen('pos');
      return reloadAll().then(function () {
        var unanswered = state.unansweredAtPin;
        state.unansweredAtPin = null;
        if (unanswered) {
          throw unanswered; // what to check, now that the check shows
        }
      });
    });
  }

  function signOut() {
    closeSocket();
    SIDES.forEach(function (s) {
      var token = session(s);
      if (token) {
        http(s, 'DELETE', '/api/pos/sessions/current', undefined, token, null).catch(function () {
          // that side is away: its session ends with its expiry
        });
      }
    });
    forgetSessions();
    state.unansweredAtPin = null;
    state.employee = null;
    state.check = null;
    state.checkId = null;
    $('employee-number').value = '';
    renderCheck();
    renderCheckList([]);
    needPin('');
  }

  // ---------------------------------------------------------------------------------------------------- config

  /** The screen's configuration; with opts.device, read with the device token (before anyone signs in). */
  function loadConfig(opts) {
    return api('GET', '/api/pos/config', undefined, opts).then(function (cfg) {
      state.config = cfg;
      moneyFormat = null;
      $('property-name').textContent = cfg.property && cfg.property.name || '';
      state.menuRvc = null;
      renderMenu();
    });
  }

  function byOrder(a, b) {
    var x = (a.sortOrder || 0) - (b.sortOrder || 0);
    if (x !== 0) {
      return x;
    }
    return String(a.name || a.id).localeCompare(String(b.name || b.id));
  }

  function rows(key) {
    return state.config && state.config[key] || [];
  }

  function index(key) {
    var m = {};
    rows(key).forEach(function (r) {
      m[r.id] = r;
    });
    return m;
  }

  /** The revenue center of this workstation's row, else the first active one. */
  function workstationRvc() {
    var id = deviceId();
    var ws = rows('workstations').filter(function (w) {
      return w.id === id;
    })[0];
    if (ws && ws.rvcId) {
      return ws.rvcId;
    }
    var rvc = rows('revenueCenters').filter(function (r) {
      return r.active !== false;
    }).sort(byOrder)[0];
    return rvc ? rvc.id : null;
  }

  /** The active modifier groups of an item, each with its active modifiers, in their order. */
  function groupsOf(itemId) {
    var groups = index('modifierGroups');
    var modifiers = index('modifiers');
    return rows('menuItemModifierGroups').filter(function (l) {
      return l.menuItemId === itemId;
    }).sort(byOrder).map(function (l) {
      return groups[l.modifierGroupId];
    }).filter(function (g) {
      return g && g.active !== false;
    }).map(function (g) {
      var mods = rows('modifierGroupModifiers').filter(function (x) {
        return x.modifierGroupId === g.id;
      }).sort(byOrder).map(function (x) {
        var m = modifiers[x.modifierId];
        return m && m.active !== false ? { modifier: m, isDefault: !!x.isDefault } : null;
      }).filter(Boolean);
      var min = typeof g.minSelect === 'number' ? g.minSelect : 0;
      var max = typeof g.maxSelect === 'number' ? g.maxSelect : mods.length;
      return { group: g, min: min, max: max, modifiers: mods };
    });
  }

  function renderMenu() {
    var rvc = state.check ? state.check.rvcId : workstationRvc();
    if (state.menuRvc === rvc && $('menu-items').childElementCount > 0) {
      renderItemState();
      return;
    }
    state.menuRvc = rvc;
    var items = rows('menuItems').filter(function (i) {
      return i.active !== false;
    }).sort(byOrder);
    var slus = rows('slus').filter(function (s) {
      return s.active !== false && (!s.rvcId || s.rvcId === rvc);
    }).sort(byOrder).filter(function (s) {
      return items.some(function (i) {
        return i.sluId === s.id;
      });
    });
    var nav = $('slus');
    var list = $('menu-items');
    nav.textContent = '';
    list.textContent = '';
    if (!slus.some(function (s) {
      return s.id === state.slu;
    })) {
      state.slu = slus.length ? slus[0].id : null;
    }
    slus.forEach(function (s) {
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.textContent = s.name;
      tab.setAttribute('data-testid', 'slu');
      tab.setAttribute('data-slu-id', s.id);
      if (s.color && /^#[0-9a-fA-F]{3,8}$/.test(s.color)) {
        tab.style.setProperty('--slu-color', s.color);
      }
      nav.appendChild(tab);
      var group = document.createElement('div');
      group.className = 'group';
      group.setAttribute('data-slu-id', s.id);
      items.filter(function (i) {
        return i.sluId === s.id;
      }).forEach(function (i) {
        var b = document.createElement('button');
        b.type = 'button';
        b.setAttribute('data-testid', 'menu-item');
        b.setAttribute('data-item-id', i.id);
        b.setAttribute('data-slu-id', s.id);
        var name = document.createElement('span');
        name.textContent = i.name;
        var price = document.createElement('small');
        price.textContent = money(i.priceCents);
        b.appendChild(name);
        b.appendChild(price);
        group.appendChild(b);
      });
      list.appendChild(group);
    });
    showSlu(state.slu);
    renderItemState();
  }

  function showSlu(id) {
    state.slu = id;
    Array.prototype.forEach.call($('slus').children, function (t) {
      t.setAttribute('aria-pressed', String(t.getAttribute('data-slu-id') === id));
    });
    Array.prototype.forEach.call($('menu-items').children, function (g) {
      g.hidden = g.getAttribute('data-slu-id') !== id;
    });
  }

  /** Items can be rung while an open check is shown. */
  function renderItemState() {
    var open = !!(state.check && state.check.status === 'open');
    Array.prototype.forEach.call(document.querySelectorAll('[data-testid="menu-item"]'), function (b) {
      b.disabled = !open;
    });
  }

  // ---------------------------------------------------------------------------------------------------- checks

  function reloadAll() {
    var work = state.config ? Promise.resolve() : loadConfig();
    return work.then(function () {
      return Promise.all([loadChecks(), state.checkId ? loadCheck(state.checkId, true) : null]);
    });
  }

  function loadChecks() {
    return api('GET', '/api/pos/checks?status=open').then(function (r) {
      renderCheckList(r && r.checks || []);
    });
  }

  function loadCheckListSoon() {
    clearTimeout(state.listTimer);
    state.listTimer = setTimeout(function () {
      if (state.employee && session(state.mode)) {
        loadChecks().catch(function () {
          // the next frame or action reloads it
        });
      }
    }, 300);
  }

  function loadCheck(id, force) {
    return api('GET', '/api/pos/checks/' + encodeURIComponent(id)).then(function (c) {
      showCheck(c, force);
    });
  }

  function renderCheckList(checks) {
    state.openChecks = checks;
    var ul = $('open-checks');
    ul.textContent = '';
    checks.slice().sort(function (a, b) {
      return (a.number || 0) - (b.number || 0);
    }).forEach(function (c) {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-testid', 'open-check-item');
      b.setAttribute('data-check-id', c.id);
      b.setAttribute('data-number', String(c.number));
      if (state.checkId === c.id) {
        b.setAttribute('aria-current', 'true');
      }
      var left = document.createElement('span');
      left.textContent = '#' + c.number + (c.tableName ? ' \u00b7 ' + c.tableName : '') + ' \u00b7 '
        + c.guestCount + (c.guestCount === 1 ? ' guest' : ' guests');
      var right = document.createElement('span');
      right.textContent = money(c.totalCents);
      b.appendChild(left);
      b.appendChild(right);
      li.appendChild(b);
      ul.appendChild(li);
    });
    $('no-open-checks').hidden = checks.length > 0;
  }

  /** Shows a check: a later revision of the same check replaces it (an older one is late: dropped). */
  function showCheck(c, force) {
    if (!force && state.check && c.id === state.check.id && c.revision < state.check.revision) {
      return;
    }
    state.check = c;
    state.checkId = c.id;
    sessionStorage.setItem(CHECK_KEY, c.id);
    renderCheck();
    // the open checks list follows at once (a reload from the server confirms it)
    var others = state.openChecks.filter(function (x) {
      return x.id !== c.id;
    });
    renderCheckList(c.status === 'open' ? others.concat([c]) : others);
  }

  function setAmount(id, cents, hideWhenZero) {
    var el = $(id);
    el.textContent = money(cents || 0);
    el.setAttribute('data-cents', String(cents || 0));
    var hide = hideWhenZero && !cents;
    el.hidden = hide;
    if (el.previousElementSibling) {
      el.previousElementSibling.hidden = hide;
    }
  }

  function renderCheck() {
    var c = state.check;
    $('check-view').hidden = !c;
    $('no-check').hidden = !!c;
    Array.prototype.forEach.call(document.querySelectorAll('[data-testid="open-check-item"]'), function (b) {
      if (c && b.getAttribute('data-check-id') === c.id) {
        b.setAttribute('aria-current', 'true');
      } else {
        b.removeAttribute('aria-current');
      }
    });
    if (!c) {
      $('check-view').removeAttribute('data-check-id');
      renderMenu();
      return;
    }
    $('check-view').setAttribute('data-check-id', c.id);
    $('check-number').textContent = String(c.number);
    $('check-number').setAttribute('data-number', String(c.number));
    $('check-status').textContent = c.status;
    $('check-status').setAttribute('data-status', c.status);
    var rvc = index('revenueCenters')[c.rvcId];
    $('check-meta').textContent = [rvc ? rvc.name : null, c.tableName ? 'table ' + c.tableName : null,
      c.guestCount + (c.guestCount === 1 ? ' guest' : ' guests'), c.orderType ? c.orderType.replace(/_/g, ' ') : null]
      .filter(Boolean).join(' \u00b7 ');

    var ul = $('check-lines');
    ul.textContent = '';
    (c.lines || []).forEach(function (l) {
      var li = document.createElement('li');
      li.setAttribute('data-testid', 'check-line');
      li.setAttribute('data-line-id', l.id);
      li.setAttribute('data-menu-item-id', l.menuItemId);
      li.setAttribute('data-status', l.status);
      var row = document.createElement('div');
      row.className = 'row';
      var qty = document.createElement('span');
      qty.className = 'qty';
      qty.textContent = String(l.quantity);
      var name = document.createElement('span');
      name.className = 'name';
      name.textContent = l.name;
      var st = document.createElement('span');
      st.className = 'state';
      st.textContent = l.status === 'pending' ? '' : l.status;
      var amount = document.createElement('span');
      amount.className = 'amount';
      amount.textContent = money(l.amountCents);
      amount.setAttribute('data-cents', String(l.amountCents));
      row.appendChild(qty);
      row.appendChild(name);
      row.appendChild(st);
      row.appendChild(amount);
      li.appendChild(row);
      if (l.modifiers && l.modifiers.length) {
        var mods = document.createElement('ul');
        mods.className = 'mods';
        l.modifiers.forEach(function (m) {
          var mi = document.createElement('li');
          mi.setAttribute('data-testid', 'line-modifier');
          mi.setAttribute('data-modifier-id', m.modifierId);
          mi.textContent = m.name + (m.priceCents ? ' ' + money(m.priceCents) : '');
          mods.appendChild(mi);
        });
        li.appendChild(mods);
      }
      ul.appendChild(li);
    });
    $('no-lines').hidden = (c.lines || []).length > 0;

    setAmount('subtotal', c.subtotalCents);
    setAmount('discounts', c.discountTotalCents ? -c.discountTotalCents : 0, true);
    setAmount('service-charges', c.serviceChargeTotalCents, true);
    setAmount('tax', c.taxTotalCents);
    setAmount('total', c.totalCents);
    setAmount('paid', c.paidCents);
    setAmount('balance-due', c.balanceDueCents);
    setAmount('change-due', c.changeDueCents, true);

    var open = c.status === 'open';
    $('send').disabled = !open || !(c.lines || []).some(function (l) {
      return l.status === 'pending';
    });
    $('cash').disabled = !open || !(c.balanceDueCents > 0) || !cashTender();
    $('close').disabled = !open || c.balanceDueCents > 0;
    renderMenu();
  }

  function openCheck() {
    var guests = parseInt($('guest-count').value, 10);
    if (!(guests >= 1)) {
      guests = 1;
    }
    var rvcId = workstationRvc();
    if (!rvcId) {
      throw new Error('This property has no revenue center to open a check in.');
    }
    return api('POST', '/api/pos/checks', { rvcId: rvcId, guestCount: guests },
      { unanswered: 'look for the new check in the open checks before opening another' }).then(function (c) {
      showCheck(c, true);
      loadCheckListSoon();
    });
  }

  function checkPath(suffix) {
    return '/api/pos/checks/' + encodeURIComponent(state.check.id) + suffix;
  }

  function send() {
    return api('POST', checkPath('/send'), undefined,
      { unanswered: 'check whether the order was sent before sending it again' }).then(function (c) {
      showCheck(c);
    });
  }

  function closeCheck() {
    return api('POST', checkPath('/close'), undefined,
      { unanswered: 'check whether the check closed before closing it again' }).then(function (c) {
      showCheck(c);
      loadCheckListSoon();
    });
  }

  function cashTender() {
    return rows('tenders').filter(function (t) {
      return t.tenderType === 'cash' && t.active !== false;
    })[0] || null;
  }

  // ---------------------------------------------------------------------------------------------------- ringing

  function onItem(itemId) {
    if (!state.check || state.check.status !== 'open') {
      showError('Open a check first.');
      return;
    }
    var item = index('menuItems')[itemId];
    if (!item) {
      return;
    }
    var groups = groupsOf(itemId);
    if (!groups.length) {
      act(function () {
        return addLine(itemId, []);
      });
      return;
    }
    openPicker(item, groups);
  }

  function addLine(itemId, modifierIds) {
    return api('POST', checkPath('/lines'), { menuItemId: itemId, quantity: 1, modifierIds: modifierIds })
      .then(function (c) {
        showCheck(c);
        loadCheckListSoon();
      });
  }

  function openPicker(item, groups) {
    state.picker = { item: item, groups: groups };
    $('modifier-title').textContent = item.name + ' ' + money(item.priceCents);
    $('modifier-problem').hidden = true;
    var box = $('modifier-groups');
    box.textContent = '';
    groups.forEach(function (g) {
      var fs = document.createElement('fieldset');
      fs.setAttribute('data-testid', 'modifier-group');
      fs.setAttribute('data-group-id', g.group.id);
      fs.setAttribute('data-min', String(g.min));
      fs.setAttribute('data-max', String(g.max));
      var legend = document.createElement('legend');
      legend.textContent = g.group.name;
      var rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = 'choose ' + g.min + '..' + g.max;
      legend.appendChild(rule);
      fs.appendChild(legend);
      g.modifiers.forEach(function (x) {
        var label = document.createElement('label');
        label.className = 'choice';
        var box2 = document.createElement('input');
        box2.type = 'checkbox';
        box2.setAttribute('data-modifier-id', x.modifier.id);
        box2.checked = x.isDefault && g.max >= 1;
        box2.addEventListener('change', function () {
          keepWithinMax(fs, g, box2);
        });
        var name = document.createElement('span');
        name.textContent = x.modifier.name;
        label.appendChild(box2);
        label.appendChild(name);
        if (x.modifier.priceCents) {
          var price = document.createElement('span');
          price.className = 'price';
          price.textContent = '+' + money(x.modifier.priceCents);
          label.appendChild(price);
        }
        fs.appendChild(label);
      });
      box.appendChild(fs);
    });
    $('modifier-picker').hidden = false;
    var first = box.querySelector('input');
    (first || $('add-line-confirm')).focus();
  }

  /** A group of one choice works like radio buttons; beyond max, the new choice is refused. */
  function keepWithinMax(fs, g, changed) {
    fs.removeAttribute('data-invalid');
    if (!changed.checked) {
      return;
    }
    var checked = Array.prototype.filter.call(fs.querySelectorAll('input[type="checkbox"]'), function (b) {
      return b.checked;
    });
    if (checked.length <= g.max) {
      return;
    }
    if (g.max === 1) {
      checked.forEach(function (b) {
        if (b !== changed) {
          b.checked = false;
        }
      });
    } else {
      changed.checked = false;
      pickerProblem('"' + g.group.name + '": choose ' + g.min + '..' + g.max + ' (at most ' + g.max + ')');
    }
  }

  function pickerProblem(text) {
    $('modifier-problem').textContent = text;
    $('modifier-problem').hidden = false;
    showError(text);
  }

  /** Adds the line when every group's choice count is within min..max; otherwise says which group is not. */
  function confirmPicker() {
    var p = state.picker;
    if (!p) {
      return;
    }
    clearError();
    var ids = [];
    var problem = null;
    Array.prototype.forEach.call($('modifier-groups').querySelectorAll('[data-testid="modifier-group"]'),
      function (fs, i) {
        var g = p.groups[i];
        var chosen = Array.prototype.filter.call(fs.querySelectorAll('input[type="checkbox"]'), function (b) {
          return b.checked;
        });
        if (chosen.length < g.min || chosen.length > g.max) {
          fs.setAttribute('data-invalid', 'true');
          if (!problem) {
            problem = '"' + g.group.name + '": choose ' + g.min + '..' + g.max + ' (' + chosen.length + ' chosen)';
          }
        } else {
          fs.removeAttribute('data-invalid');
        }
        chosen.forEach(function (b) {
          ids.push(b.getAttribute('data-modifier-id'));
        });
      });
    if (problem) {
      pickerProblem(problem);
      return;
    }
    var itemId = p.item.id;
    var button = $('add-line-confirm');
    button.disabled = true;
    act(function () {
      return addLine(itemId, ids).then(closePicker, function (err) {
        if (err instanceof Unanswered) {
          closePicker(); // the check shows whether the line made it
        }
        throw err;
      });
    }).then(function () {
      button.disabled = false;
    });
  }

  function closePicker() {
    state.picker = null;
    $('modifier-picker').hidden = true;
  }

  // ---------------------------------------------------------------------------------------------------- cash

  function openCash() {
    if (!state.check || !(state.check.balanceDueCents > 0)) {
      return;
    }
    var due = state.check.balanceDueCents;
    $('cash-balance').textContent = money(due);
    $('cash-amount').value = plainAmount(due);
    var quick = $('cash-quick');
    quick.textContent = '';
    var amounts = [due];
    [500, 1000, 2000, 5000, 10000].forEach(function (step) {
      var next = Math.ceil(due / step) * step;
      if (amounts.indexOf(next) < 0 && amounts.length < 5) {
        amounts.push(next);
      }
    });
    amounts.forEach(function (a) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = money(a);
      b.setAttribute('data-cents', String(a));
      b.addEventListener('click', function () {
        $('cash-amount').value = plainAmount(a);
        $('cash-amount').focus();
      });
      quick.appendChild(b);
    });
    $('cash-dialog').hidden = false;
    $('cash-amount').focus();
    $('cash-amount').select();
  }

  function confirmCash() {
    var cents = parseCents($('cash-amount').value);
    if (cents === null || cents <= 0) {
      showError('Enter the amount tendered, like 20.00');
      return;
    }
    var tender = cashTender();
    if (!tender) {
      showError('This property has no cash tender.');
      return;
    }
    var button = $('cash-confirm');
    button.disabled = true;
    act(function () {
      return api('POST', checkPath('/payments'), { tenderId: tender.id, amountCents: cents },
        { unanswered: 'check the payments on the check before taking this one again' }).then(function (c) {
        showCheck(c);
        $('cash-dialog').hidden = true;
        loadCheckListSoon();
      }, function (err) {
        if (err instanceof Unanswered) {
          $('cash-dialog').hidden = true; // the check shows whether the payment made it
        }
        throw err;
      });
    }).then(function () {
      button.disabled = false;
    });
  }

  function closeDialogs() {
    closePicker();
    $('cash-dialog').hidden = true;
  }

  // ---------------------------------------------------------------------------------------------------- socket

  function closeSocket() {
    clearTimeout(state.wsRetry);
    var ws = state.ws;
    state.ws = null;
    state.wsSide = null;
    state.wsToken = null;
    if (ws) {
      try {
        ws.close();
      } catch (e) {
        // already closed
      }
    }
  }

  /** /ws/pos on the side in use, as the signed-in employee; reconnects when it closes. */
  function connectSocket(fresh) {
    var side = state.mode;
    var token = session(side);
    if (!fresh && state.ws && state.wsSide === side && state.wsToken === token && state.ws.readyState <= 1) {
      return;
    }
    closeSocket();
    if (!token || !base(side)) {
      return;
    }
    var url = base(side).replace(/^http/, 'ws') + '/ws/pos?access_token=' + encodeURIComponent(token);
    var ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      return;
    }
    state.ws = ws;
    state.wsSide = side;
    state.wsToken = token;
    ws.onopen = function () {
      state.wsDelay = 1000;
      // what changed while the socket was away (or before it was up on this side): the check shown, and the open
      // checks other workstations opened or closed meanwhile
      if (state.employee && side === state.mode) {
        loadChecks().catch(function () {
          // the next frame or action reloads it
        });
        if (state.check) {
          loadCheck(state.check.id).catch(function () {
            // shown on the next action
          });
        }
      }
    };
    ws.onmessage = function (ev) {
      var frame;
      try {
        frame = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      onFrame(frame, side);
    };
    ws.onclose = function () {
      if (state.ws !== ws) {
        return; // replaced or closed on purpose
      }
      state.ws = null;
      clearTimeout(state.wsRetry);
      state.wsRetry = setTimeout(function () {
        connectSocket();
      }, state.wsDelay);
      state.wsDelay = Math.min(state.wsDelay * 2, 15000);
    };
  }

  function onFrame(f, side) {
    if (side !== state.mode || !state.employee) {
      return;
    }
    if (f.type === 'check:updated') {
      if (state.check && f.checkId === state.check.id && !(f.revision <= state.check.revision)) {
        loadCheck(f.checkId).catch(report);
      }
      loadCheckListSoon();
    } else if (f.type === 'config:applied') {
      if (!state.config || f.version !== state.config.version) {
        loadConfig().then(renderCheck).catch(report);
      }
    } else if (f.type === 'session:revoked') {
      if (!f.employeeId || f.employeeId === state.employee.id) {
        dropSession(side);
        closeSocket();
        needPin('Your session ended: sign in again.');
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- wiring

  function bind() {
    $('error').addEventListener('click', clearError);
    $('pairing-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var token = $('pair-token').value.trim();
      var host = baseUrl($('pair-host').value);
      var cloud = baseUrl($('pair-cloud').value);
      if (!token) {
        showError('Paste the device token issued for this workstation.');
        return;
      }
      if (!host && !cloud) {
        showError('Enter the service host URL, the cloud URL, or both (like http://192.168.1.10:8081).');
        return;
      }
      clearError();
      if (!state.pairing || state.pairing.token !== token) {
        forgetSessions();
      }
      state.pairing = { token: token, host: host, cloud: cloud };
      savePairing(state.pairing);
      begin();
    });
    $('signin-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var number = $('employee-number').value.trim();
      var pin = $('pin').value;
      $('pin').value = '';
      if (!number || !pin) {
        showError('Enter your employee number and PIN.');
        return;
      }
      var button = $('sign-in');
      button.disabled = true;
      act(function () {
        return signIn(number, pin);
      }).then(function () {
        button.disabled = false;
      });
    });
    $('keypad').addEventListener('click', function (ev) {
      var k = ev.target.closest('[data-key]');
      if (!k) {
        return;
      }
      var target = state.keypadTarget === 'pin' ? $('pin') : $('employee-number');
      var key = k.getAttribute('data-key');
      if (key === 'clear') {
        target.value = '';
      } else if (key === 'back') {
        target.value = target.value.slice(0, -1);
      } else {
        target.value += key;
      }
    });
    $('keypad').addEventListener('mousedown', function (ev) {
      ev.preventDefault(); // the keypad does not take the focus from the field it types into
    });
    ['employee-number', 'pin'].forEach(function (id) {
      $(id).addEventListener('focus', function () {
        state.keypadTarget = id === 'pin' ? 'pin' : 'number';
      });
    });
    $('unpair').addEventListener('click', function () {
      if (!window.confirm('Forget this workstation\'s pairing? Its device token is needed to pair it again.')) {
        return;
      }
      localStorage.removeItem(PAIRING_KEY);
      signOut();
      showPairing();
    });
    $('sign-out').addEventListener('click', signOut);
    $('open-check').addEventListener('click', function () {
      act(openCheck);
    });
    $('open-checks').addEventListener('click', function (ev) {
      var b = ev.target.closest('[data-check-id]');
      if (b) {
        var id = b.getAttribute('data-check-id');
        act(function () {
          return loadCheck(id, true);
        });
      }
    });
    $('check-done').addEventListener('click', function () {
      state.check = null;
      state.checkId = null;
      sessionStorage.removeItem(CHECK_KEY);
      renderCheck();
      act(loadChecks);
    });
    $('slus').addEventListener('click', function (ev) {
      var t = ev.target.closest('[data-slu-id]');
      if (t) {
        showSlu(t.getAttribute('data-slu-id'));
      }
    });
    $('menu-items').addEventListener('click', function (ev) {
      var b = ev.target.closest('[data-item-id]');
      if (b && !b.disabled) {
        onItem(b.getAttribute('data-item-id'));
      }
    });
    $('send').addEventListener('click', function () {
      act(send);
    });
    $('close').addEventListener('click', function () {
      act(closeCheck);
    });
    $('cash').addEventListener('click', openCash);
    $('modifier-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      confirmPicker();
    });
    $('add-line-cancel').addEventListener('click', closePicker);
    $('cash-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      confirmCash();
    });
    $('cash-cancel').addEventListener('click', function () {
      $('cash-dialog').hidden = true;
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        closeDialogs();
      }
    });
  }

  /** With a pairing: find where to work, then sign in (or go on with the sessions this tab has). */
  function begin() {
    try {
      state.employee = JSON.parse(sessionStorage.getItem(EMPLOYEE_KEY) || 'null');
    } catch (e) {
      state.employee = null;
    }
    state.checkId = sessionStorage.getItem(CHECK_KEY);
    return probe().then(function () {
      state.started = true;
      if (!state.probeLoop) {
        state.probeLoop = true;
        setTimeout(probeLoop, PROBE_MS);
      }
      if (state.mode !== 'offline' && !state.config) {
        // the property's name and menu before anyone signs in (the device token may read them)
        loadConfig({ device: true }).catch(function () {
          // read again after the sign-in
        });
      }
      if (state.employee && session(state.mode)) {
        showScreen('pos');
        connectSocket(true);
        return act(reloadAll);
      }
      needPin(state.employee && state.mode !== 'offline' ? 'Sign in again to go on.' : '');
      return null;
    });
  }

  function start() {
    renderMode();
    renderCheck();
    bind();
    state.pairing = readPairing();
    if (!state.pairing) {
      showPairing();
      return;
    }
    begin();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

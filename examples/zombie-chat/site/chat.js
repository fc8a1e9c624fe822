// The survivor chat page: plain browser JavaScript, no build step, no libraries.
// It talks to the API Gateway REST API the deploy script created:
//   GET  /zombie/message?channel=…   the channel's latest messages (?name=…: one survivor's)
//   POST /zombie/message             send one ({message, name, channel})
//   POST /zombie/talkers             "I am typing" ({name, channel})
//   GET  /zombie/talkers?channel=…   who is typing
//   GET  /zombie/search?q=…          messages containing every word of q
'use strict';

(function () {
  const config = window.ZOMBIE_CONFIG;
  const POLL_MS = 1000;
  const TYPING_PING_MS = 1500; // at most one "typing" post per this interval
  const channel = new URLSearchParams(location.search).get('channel') || (config && config.channel) || 'default';

  const $ = (id) => document.getElementById(id);
  const status = $('status');

  if (!config) {
    status.textContent = 'config.js is missing: deploy the chat with examples/zombie-chat/deploy and open the URL it prints.';
    return;
  }

  // The API's own host name (<api-id>.execute-api.localhost) where this browser resolves
  // *.localhost names, as it does when it reached the page through the bucket's website
  // host name; otherwise the path form on the same origin the page came from.
  function apiBase() {
    if (location.hostname.endsWith('.localhost') && config.apiUrl) return config.apiUrl;
    return location.origin + config.apiPath;
  }
  const base = apiBase().replace(/\/$/, '');

  async function call(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { /* reported below */ }
    if (!res.ok) {
      const reason = (data && (data.error || data.message)) || text || res.statusText;
      const err = new Error(reason);
      err.status = res.status;
      throw err;
    }
    if (data === null && text) throw new Error('the API answered something that is not JSON');
    return data;
  }

  // ---- who am I -------------------------------------------------------------------
  const NAME_KEY = 'zombie-chat.name';
  let me = sessionStorage.getItem(NAME_KEY) || '';

  function showJoin() {
    $('join').hidden = false;
    $('chat').hidden = true;
    $('whoami').hidden = true;
    $('survivor-name').focus();
  }

  function showChat() {
    $('join').hidden = true;
    $('chat').hidden = false;
    $('whoami').hidden = false;
    $('whoami-name').textContent = me;
    $('message').focus();
  }

  $('join-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('survivor-name').value.trim();
    if (!name) return;
    me = name;
    sessionStorage.setItem(NAME_KEY, me);
    showChat();
    startPolling();
  });

  $('leave').addEventListener('click', () => {
    sessionStorage.removeItem(NAME_KEY);
    me = '';
    showJoin();
  });

  // ---- messages -------------------------------------------------------------------
  let shownSignature = '';

  function formatTime(ms) {
    const d = new Date(ms);
    return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function messageItem(m) {
    const li = document.createElement('li');
    li.className = 'message' + (m.name === me ? ' mine' : '');
    li.dataset.timestamp = m.timestamp;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = m.name;
    name.title = 'Show what ' + m.name + ' said';
    const time = document.createElement('time');
    time.className = 'time';
    time.textContent = formatTime(Number(m.timestamp));
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = m.message;
    li.append(name, time, text);
    return li;
  }

  function renderMessages(messages) {
    const list = $('messages');
    const signature = messages.map((m) => m.timestamp + '/' + m.name).join(',');
    if (signature === shownSignature) return;
    shownSignature = signature;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    list.replaceChildren();
    if (messages.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No messages yet. Is anybody out there?';
      list.append(li);
    }
    for (const m of messages) list.append(messageItem(m));
    if (atBottom || messages.length && messages[messages.length - 1].name === me) list.scrollTop = list.scrollHeight;
  }

  async function refreshMessages() {
    const data = await call('GET', '/zombie/message?channel=' + encodeURIComponent(channel));
    renderMessages((data && data.messages) || []);
  }

  $('send-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('message');
    const message = input.value;
    const button = $('send');
    button.disabled = true;
    try {
      const data = await call('POST', '/zombie/message', { message, name: me, channel });
      input.value = '';
      status.textContent = '';
      renderMessages((data && data.messages) || []);
    } catch (err) {
      status.textContent = 'Not sent: ' + err.message;
    } finally {
      button.disabled = false;
      input.focus();
    }
  });

  // ---- search, and one survivor's messages ----------------------------------------------
  function showResults(title, messages) {
    const list = $('search-list');
    list.replaceChildren();
    for (const m of messages) list.append(messageItem(m));
    if (messages.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'Nothing found.';
      list.append(li);
    }
    $('results-title').textContent = title;
    $('search-results').hidden = false;
  }

  $('search-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = $('search-q').value.trim();
    if (!q) return;
    try {
      const data = await call('GET', '/zombie/search?q=' + encodeURIComponent(q) + '&channel=' + encodeURIComponent(channel));
      showResults('Messages with \u201c' + q + '\u201d', (data && data.results) || []);
    } catch (err) {
      status.textContent = 'Search: ' + err.message;
    }
  });

  // A click on a survivor's name lists what they said.
  $('messages').addEventListener('click', async (e) => {
    const name = e.target.closest('.name');
    if (!name) return;
    try {
      const data = await call('GET', '/zombie/message?name=' + encodeURIComponent(name.textContent));
      showResults('Messages from ' + name.textContent, (data && data.messages) || []);
    } catch (err) {
      status.textContent = 'Messages of ' + name.textContent + ': ' + err.message;
    }
  });

  $('search-close').addEventListener('click', () => {
    $('search-results').hidden = true;
  });

  // ---- typing indicator -------------------------------------------------------------
  let lastPing = 0;
  $('message').addEventListener('input', () => {
    const now = Date.now();
    if (!me || now - lastPing < TYPING_PING_MS || !$('message').value.trim()) return;
    lastPing = now;
    call('POST', '/zombie/talkers', { name: me, channel }).catch((err) => {
      status.textContent = 'Typing indicator: ' + err.message;
    });
  });

  function renderTalkers(talkers) {
    const names = [...new Set(talkers.map((t) => t.name))].filter((n) => n !== me).sort();
    const line = $('typing');
    if (names.length === 0) {
      line.hidden = true;
      line.textContent = '';
      return;
    }
    line.hidden = false;
    line.textContent = names.length === 1
      ? names[0] + ' is typing…'
      : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are typing…';
  }

  async function refreshTalkers() {
    const data = await call('GET', '/zombie/talkers?channel=' + encodeURIComponent(channel));
    renderTalkers((data && data.talkers) || []);
  }

  // ---- polling ----------------------------------------------------------------------
  let polling = false;
  function loop(task) {
    const tick = async () => {
      if (!me) { polling = false; return; }
      try {
        await task();
        if (status.dataset.source === 'poll') { status.textContent = ''; delete status.dataset.source; }
      } catch (err) {
        status.textContent = 'The bunker does not answer: ' + err.message;
        status.dataset.source = 'poll';
      }
      setTimeout(tick, POLL_MS);
    };
    tick();
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    loop(refreshMessages);
    loop(refreshTalkers);
  }

  if (me) {
    showChat();
    startPolling();
  } else {
    showJoin();
  }
})();

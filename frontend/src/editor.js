// The live session's editor: every file of the workspace is a Y.Text in the "files" map of one Yjs document,
// kept in sync with the room through the y-websocket provider; runs and their output arrive in "runs".
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { yCollab } from "y-codemirror.next";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import { javascript } from "@codemirror/lang-javascript";

// Close codes the room uses for "do not come back" (see assay.live.consumers).
const FINAL = { 4403: "This link is not valid any more.", 4410: "The interviewer ended the session." };

const $ = (id) => document.getElementById(id);

function language(name) {
  if (name.endsWith(".py")) return [python()];
  if (/\.(m?js|ts|json)$/.test(name)) return [javascript({ typescript: name.endsWith(".ts") })];
  return [];
}

function start() {
  const config = JSON.parse($("live-config").textContent);
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const doc = new Y.Doc();
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const base = `${scheme}//${location.host}${config.socketPath.replace(/\/socket$/, "")}`;
  const provider = new WebsocketProvider(base, "socket", doc, { params: { token: config.token } });
  const awareness = provider.awareness;
  awareness.setLocalStateField("user", { name: config.name, color: config.color, colorLight: config.color + "33", role: config.role });
  const files = doc.getMap("files");
  const runs = doc.getMap("runs");
  let current = null;
  let currentText = null; // the Y.Text the editor is bound to: replaced (a rename, a conflict) means reopen
  let view = null;

  provider.on("status", ({ status }) => {
    const text = { connected: "Connected", connecting: "Connecting…", disconnected: "Disconnected, reconnecting…" };
    if (!$("live-connection").dataset.final) $("live-connection").textContent = text[status] || status;
    document.body.dataset.liveStatus = status;
  });
  provider.on("sync", (synced) => { document.body.dataset.liveSynced = synced ? "yes" : "no"; });
  provider.on("connection-close", (event) => {
    if (event && FINAL[event.code]) {
      $("live-connection").textContent = FINAL[event.code];
      $("live-connection").dataset.final = "yes";
      provider.shouldConnect = false;
      provider.disconnect();
    }
  });

  function open(name) {
    const text = files.get(name);
    if (view) view.destroy();
    view = null;
    current = text ? name : null;
    currentText = text || null;
    $("live-open-file").textContent = current || "Pick a file";
    awareness.setLocalStateField("file", current);
    if (!text) return renderFiles();
    const state = EditorState.create({
      doc: text.toString(),
      extensions: [basicSetup, language(name), yCollab(text, awareness)],
    });
    view = new EditorView({ state, parent: $("live-editor") });
    renderFiles();
  }

  function renderFiles() {
    const list = $("live-files");
    list.replaceChildren();
    for (const name of [...files.keys()].sort()) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = name;
      button.dataset.file = name;
      if (name === current) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => open(name));
      item.append(button);
      list.append(item);
    }
  }

  files.observe((event) => {
    if (current && !files.has(current)) open(null);
    else if (current && event.keysChanged.has(current) && files.get(current) !== currentText) open(current);
    else renderFiles();
  });

  function renderPeople() {
    const people = $("live-people");
    people.replaceChildren();
    for (const [, state] of awareness.getStates()) {
      if (!state.user) continue;
      const chip = document.createElement("span");
      chip.className = "live-person";
      chip.textContent = `${state.user.name} (${state.user.role})`;
      chip.style.backgroundColor = state.user.color;
      people.append(chip);
    }
  }
  awareness.on("change", renderPeople);
  renderPeople();

  function renderRuns() {
    const box = $("live-runs");
    box.replaceChildren();
    const numbers = [...runs.keys()].map(Number).sort((a, b) => b - a);
    for (const number of numbers) {
      const run = runs.get(String(number));
      const section = document.createElement("div");
      section.className = "live-run";
      section.dataset.run = String(number);
      const title = document.createElement("h3");
      title.textContent = `Run ${number}: ${run.get("command")} (${run.get("state")})`;
      const output = document.createElement("pre");
      output.className = "live-run-output";
      output.textContent = run.get("output")?.toString() || "";
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = run.get("note") || "";
      section.append(title, output, note);
      box.append(section);
    }
  }
  runs.observeDeep(renderRuns);

  // The service and the requests sent to it: the document's "service" and "requests" maps, shown as text.
  const serviceState = doc.getMap("service");
  const requests = doc.getMap("requests");
  function renderService() {
    const state = serviceState.get("state");
    $("live-service-state").textContent = state ? `${state}: ${serviceState.get("note") || ""}` : "Not started";
    $("live-service-state").dataset.state = state || "";
    const log = serviceState.get("log") || "";
    $("live-service-log").textContent = log;
    $("live-service-log").hidden = !log;
  }
  serviceState.observe(renderService);
  renderService();
  function renderRequests() {
    const box = $("live-requests");
    box.replaceChildren();
    const numbers = [...requests.keys()].map(Number).sort((a, b) => b - a);
    for (const number of numbers) {
      const entry = requests.get(String(number));
      const section = document.createElement("div");
      section.className = "live-request";
      section.dataset.request = String(number);
      const title = document.createElement("h3");
      const answer = entry.get("error") || `${entry.get("status")} ${entry.get("reason")}`;
      title.textContent = `${entry.get("request")} → ${answer}`;
      const headers = document.createElement("pre");
      headers.className = "live-response-headers";
      headers.textContent = entry.get("headers") || "";
      const body = document.createElement("pre");
      body.className = "live-response-body";
      body.textContent = (entry.get("body") || "") + (entry.get("truncated") ? "\n[cut at 64 KB]" : "");
      section.append(title, headers, body);
      box.append(section);
    }
  }
  requests.observeDeep(renderRequests);
  renderRequests();

  async function post(url, body, errorBox) {
    $(errorBox).textContent = "";
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    }).catch(() => null);
    if (!response) {
      $(errorBox).textContent = "The server did not answer; try again.";
    } else if (!response.ok) {
      const problem = await response.json().catch(() => ({ detail: response.statusText }));
      $(errorBox).textContent = problem.detail || "That did not work.";
    }
  }
  $("live-service-start").addEventListener("click", () => post(config.serviceUrl, { action: "start" }, "live-request-error"));
  $("live-service-stop").addEventListener("click", () => post(config.serviceUrl, { action: "stop" }, "live-request-error"));
  $("live-request-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const headers = {};
    for (const line of $("live-request-headers").value.split("\n")) {
      const at = line.indexOf(":");
      if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    const body = { method: $("live-request-method").value, path: $("live-request-path").value, headers, body: $("live-request-body").value };
    post(config.requestUrl, body, "live-request-error");
  });

  const run = (body) => post(config.runUrl, body, "live-run-error");
  $("live-run-tests").addEventListener("click", () => run({ kind: "tests" }));
  $("live-run-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run({ command: $("live-command").value });
  });

  $("live-file-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const name = $("live-file-name").value.trim();
    if (!name) return;
    if (!files.has(name)) files.set(name, new Y.Text());
    $("live-file-name").value = "";
    open(name);
  });
  $("live-rename-file").addEventListener("click", () => {
    const name = $("live-file-name").value.trim();
    if (!current || !name || files.has(name)) return;
    const from = current;
    doc.transact(() => {
      files.set(name, new Y.Text(files.get(from).toString()));
      files.delete(from);
    });
    $("live-file-name").value = "";
    open(name);
  });
  $("live-delete-file").addEventListener("click", () => {
    if (current) files.delete(current);
  });
}

// The interviewer's panel: the session's clock and notes saved without leaving the room (never in the document).
function startHostPanel() {
  const timer = $("live-timer");
  if (timer) {
    const started = Number(timer.dataset.started) * 1000;
    const tick = () => {
      const seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
      timer.textContent = `${h ? h + ":" + String(m).padStart(2, "0") : m}:${String(s).padStart(2, "0")}`;
    };
    tick();
    setInterval(tick, 1000);
  }
  const box = $("live-connections");
  if (box) {
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    const refresh = async () => {
      // While the server restarts the list just waits for the next round.
      const response = await fetch(box.dataset.url, { credentials: "same-origin" }).catch(() => null);
      if (!response || !response.ok) return;
      const { connections } = await response.json();
      const list = $("live-connection-list");
      list.replaceChildren();
      const candidates = connections.filter((c) => c.role === "candidate").length;
      box.dataset.candidates = String(candidates);
      for (const c of connections) {
        const item = document.createElement("li");
        item.dataset.connection = String(c.id);
        item.textContent = `${c.role} · ${c.address} · ${c.agent.slice(0, 60)} `;
        if (c.role === "candidate") {
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "secondary";
          remove.textContent = "Remove";
          remove.addEventListener("click", async () => {
            await fetch(box.dataset.remove.replace(/\/0\/remove\/$/, `/${c.id}/remove/`), {
              method: "POST",
              headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
              credentials: "same-origin",
            }).catch(() => null);
            refresh();
          });
          item.append(remove);
        }
        list.append(item);
      }
    };
    refresh();
    setInterval(refresh, 5000);
  }
  const form = $("live-notes-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).catch(() => null);
    $("live-notes-status").textContent = response && response.ok ? "Saved" : "Not saved: try again.";
  });
}

if ($("live-config")) start();
startHostPanel();

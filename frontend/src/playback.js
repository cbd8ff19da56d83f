// The playback page: the session's stored updates, replayed up to the point the timeline slider names.
import * as Y from "yjs";

const $ = (id) => document.getElementById(id);

function decode(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function start() {
  const root = $("playback");
  const response = await fetch(root.dataset.recording, { credentials: "same-origin" });
  const { updates } = await response.json();
  const slider = $("playback-slider");
  slider.max = String(updates.length);
  slider.value = String(updates.length);
  let doc = null;
  let applied = 0;
  let current = null;

  function docAt(index) {
    if (!doc || index < applied) {
      doc = new Y.Doc();
      applied = 0;
    }
    for (; applied < index; applied++) Y.applyUpdate(doc, decode(updates[applied].update));
    return doc;
  }

  function render() {
    const index = Number(slider.value);
    const state = docAt(index);
    const at = index > 0 ? new Date(updates[index - 1].at * 1000) : null;
    $("playback-time").textContent = `${index} of ${updates.length} changes${at ? " · " + at.toISOString().slice(11, 19) + " UTC" : ""}`;
    const files = state.getMap("files");
    const names = [...files.keys()].sort();
    if (!current || !files.has(current)) current = names[0] || null;
    const list = $("playback-files");
    list.replaceChildren();
    for (const name of names) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = name;
      button.dataset.file = name;
      if (name === current) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => { current = name; render(); });
      item.append(button);
      list.append(item);
    }
    $("playback-open-file").textContent = current || "";
    $("playback-text").textContent = current ? files.get(current).toString() : "";
    const box = $("playback-runs");
    box.replaceChildren();
    const runs = state.getMap("runs");
    for (const number of [...runs.keys()].map(Number).sort((a, b) => a - b)) {
      const run = runs.get(String(number));
      const section = document.createElement("div");
      section.className = "live-run";
      const title = document.createElement("h3");
      title.textContent = `Run ${number}: ${run.get("command")} (${run.get("state")})`;
      const output = document.createElement("pre");
      output.textContent = run.get("output")?.toString() || "";
      section.append(title, output);
      box.append(section);
    }
  }

  slider.addEventListener("input", render);
  render();
}

if ($("playback")) start();

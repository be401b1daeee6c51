// The compile page's progress, without reloading the page: polls the run's JSON
// status and writes it into the page's aria-live region. Without scripts the page
// keeps its plain "Check again" link. Loaded as an external module (CSP-safe).
const POLL_MS = 2000;

function render(box, data) {
  const status = box.querySelector("[data-compile-field=status]");
  const progress = box.querySelector("[data-compile-field=progress]");
  const live = box.querySelector("[data-compile-live]");
  if (status) status.textContent = data.status_label;
  if (progress) progress.textContent = `${data.progress}%: ${data.stage}`;
  if (!live) return;
  if (data.finished) {
    live.textContent = `${data.status_label}. `;
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = data.url;
    link.textContent = "Show the result";
    live.append(link);
  } else {
    live.textContent = `${data.progress}% done: ${data.stage}`;
  }
}

async function poll(box) {
  try {
    const response = await fetch(box.dataset.compileStatusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      const data = await response.json();
      render(box, data);
      if (data.finished) return;
    }
  } catch {
    // A network hiccup: try again at the next tick.
  }
  window.setTimeout(() => poll(box), POLL_MS);
}

for (const box of document.querySelectorAll("[data-compile-status-url]")) {
  window.setTimeout(() => poll(box), POLL_MS);
}

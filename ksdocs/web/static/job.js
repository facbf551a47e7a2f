// Follows a generation job: updates the progress bar, reloads the page when it ends.
(function () {
  var box = document.querySelector("[data-job]");
  if (!box) return;
  var state = box.getAttribute("data-state");
  if (state === "done" || state === "failed") return;
  var bar = box.querySelector("progress");
  var text = box.querySelector(".job-status");
  function poll() {
    fetch(box.getAttribute("data-job"), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.max = job.total || 1;
        bar.value = job.done;
        if (job.state === "done" || job.state === "failed") { location.reload(); return; }
        text.textContent = job.state === "queued" ? "Menunggu giliran…"
          : "Membuat paket: " + job.done + " dari " + job.total + "…";
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();

package dev.vigil.server.web;

import static dev.vigil.core.report.html.Html.esc;

/** The page frame and small HTML helpers of the web app (server-rendered, no external assets). */
final class Pages {
    private Pages() {}

    static final String CSS = """
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1b1b1b;line-height:1.45}
            header.top{background:#1f2937;color:#fff;padding-block:.6rem;padding-inline:1.5rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
            header.top a{color:#fff;text-decoration:none;font-weight:600}
            header.top .who{margin-inline-start:auto;font-size:.9rem;opacity:.85}
            main{max-inline-size:72rem;margin-inline:auto;padding-block:1rem;padding-inline:1.5rem}
            table{border-collapse:collapse;inline-size:100%;font-size:.92rem;margin-block:.5rem}
            th,td{border:1px solid #ccc;padding-block:.25rem;padding-inline:.45rem;text-align:start;vertical-align:top;overflow-wrap:anywhere}
            thead th{background:#eee}
            form.inline{display:inline}
            fieldset{border:1px solid #ccc;margin-block:1rem;padding:.8rem}
            label{display:block;margin-block:.3rem}
            input[type=text],input[type=password],select{min-inline-size:18rem;padding:.25rem}
            button{padding-block:.3rem;padding-inline:.8rem;cursor:pointer}
            .badge{display:inline-block;white-space:nowrap;padding-inline:.4rem;border-radius:.3rem;background:#555;color:#fff;font-size:.8rem}
            .new{background:#b91c1c}
            .CRITICAL{background:#9b1c1c}.HIGH{background:#c2410c}.MEDIUM{background:#a16207}.LOW,.INFO{background:#1d4ed8}
            .STRONG{color:#9b1c1c;font-weight:700}.WARN{color:#a16207;font-weight:700}.NONE{color:#166534}
            .error{background:#fdecec;border:1px solid #9b1c1c;padding:.6rem}
            .note{background:#eef7f0;border:1px solid #166534;padding:.6rem}
            progress{inline-size:24rem;max-inline-size:100%}
            .muted{color:#555;font-size:.9rem}
            code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
            """;

    /** A whole page; the nonce lets only this response's own scripts run (CSP). */
    static String page(String title, Req r, String userLine, String body, String script) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" \u2014 Vigil</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<header class=\"top\"><a href=\"/\">Vigil</a><a href=\"/\">Cases</a>");
        if (r.user != null && r.user.role() == dev.vigil.server.store.CaseStore.Role.ADMIN) h.append("<a href=\"/users\">Users</a>");
        h.append("<span class=\"who\">").append(esc(userLine)).append("</span>");
        if (r.user != null) {
            h.append("<form class=\"inline\" method=\"post\" action=\"/logout\">").append(csrf(r)).append("<button type=\"submit\" id=\"logout\">Log out</button></form>");
        }
        h.append("</header>\n<main>\n")
                .append(body).append("\n</main>\n");
        if (script != null && !script.isEmpty()) {
            h.append("<script nonce=\"").append(r.nonce).append("\">").append(script).append("</script>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    static String csrf(Req r) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(r.session.csrf) + "\">";
    }

    static String badge(String cls, String text) {
        return "<span class=\"badge " + esc(cls) + "\">" + esc(text) + "</span>";
    }

    /** Polls /jobs/ID for each element with data-job and updates its progress bar; reloads when done. */
    static final String JOBS_SCRIPT = """
            (function () {
              function poll(el) {
                fetch('/jobs/' + encodeURIComponent(el.getAttribute('data-job')), {credentials: 'same-origin'})
                  .then(function (r) { return r.json(); })
                  .then(function (j) {
                    var bar = el.querySelector('progress'), txt = el.querySelector('.job-text');
                    bar.max = Math.max(1, j.total); bar.value = j.done;
                    txt.textContent = j.status + ' \\u2014 ' + j.done + '/' + j.total + (j.running.length ? ' (' + j.running.join(', ') + ')' : '') + (j.message ? ' \\u2014 ' + j.message : '');
                    if (j.status === 'running') setTimeout(function () { poll(el); }, 400);
                    else setTimeout(function () { location.reload(); }, 300);
                  })
                  .catch(function () { setTimeout(function () { poll(el); }, 1500); });
              }
              var els = document.querySelectorAll('[data-job]');
              for (var i = 0; i < els.length; i++) poll(els[i]);
            })();
            """;

    /** Streams the chosen file to the server with a progress bar, then starts its check. */
    static final String UPLOAD_SCRIPT = """
            (function () {
              var f = document.getElementById('upload-form');
              if (!f) return;
              f.addEventListener('submit', function (e) {
                e.preventDefault();
                var input = document.getElementById('upload-file'), file = input.files[0];
                var bar = document.getElementById('upload-progress'), txt = document.getElementById('upload-text');
                if (!file) { txt.textContent = 'Choose a file first.'; return; }
                var xhr = new XMLHttpRequest();
                xhr.open('POST', f.getAttribute('data-upload') + '?name=' + encodeURIComponent(file.name));
                xhr.setRequestHeader('X-CSRF-Token', f.querySelector('input[name=csrf]').value);
                xhr.setRequestHeader('Content-Type', 'application/octet-stream');
                bar.hidden = false;
                xhr.upload.onprogress = function (ev) {
                  if (ev.lengthComputable) {
                    bar.max = ev.total; bar.value = ev.loaded;
                    txt.textContent = Math.floor(100 * ev.loaded / ev.total) + '% (' + ev.loaded + ' / ' + ev.total + ' bytes)';
                  }
                };
                xhr.onload = function () {
                  if (xhr.status === 200) {
                    txt.textContent = 'Uploaded; starting the check\\u2026';
                    document.getElementById('upload-evidence').value = JSON.parse(xhr.responseText).evidence;
                    f.submit();
                  } else {
                    txt.textContent = 'Upload failed: ' + xhr.status + ' ' + xhr.responseText;
                  }
                };
                xhr.onerror = function () { txt.textContent = 'Upload failed: the connection broke.'; };
                xhr.send(file);
              });
            })();
            """;
}

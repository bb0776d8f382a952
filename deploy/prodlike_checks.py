"""The checks make prodlike runs against the running stack, from outside, over the network.

Each check takes the Site (deploy/prodlike.py), raises Failure with what it expected and
saw, or returns one line of what it measured. CHECKS is the order they run in; the one
that restarts
the app servers comes last.
"""

import http.client
import json
import re
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from prodlike import DEPLOY, AppServer, Failure, port_open, say, wait_for


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return ", ".join(self.headers.get_all(name) or [])


def fetch(site, url, *, method="GET", headers=None, body=None, source="127.0.0.1", timeout=30):
    """One request on a new connection, from the loopback address `source` (127.x.y.z)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=str(site.cert))
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, context=context, timeout=timeout, source_address=(source, 0)
        )
    else:
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=timeout, source_address=(source, 0)
        )
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, path or "/", body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def expect(condition, message):
    if not condition:
        raise Failure(message)


def direct(site, app, path, *, method="GET", headers=None, body=None):
    """A request to one app server, with the headers nginx would add."""
    proxy_headers = {
        "Host": f"{site.host}:{site.https_port}",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "127.0.0.1",
        **(headers or {}),
    }
    url = f"http://{app.address}{path}"
    return fetch(site, url, method=method, headers=proxy_headers, body=body)


# --- The checks -------------------------------------------------------------------------


def check_http_redirects_to_https(site):
    target = "/newsroom/?type=press-release"
    response = fetch(site, f"http://{site.host}:{site.http_port}{target}")
    expect(
        response.status == 301 and response.header("Location") == f"{site.origin}{target}",
        f"http:// answered {response.status} to {response.header('Location')!r}",
    )
    plain_on_tls = fetch(site, f"http://{site.host}:{site.https_port}/about/")
    expect(
        plain_on_tls.status == 301 and plain_on_tls.header("Location") == f"{site.origin}/about/",
        f"plain HTTP on the TLS port answered {plain_on_tls.status}",
    )
    return f"http://…{target} → 301 {site.origin}{target}; plain HTTP on the TLS port → 301"


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def check_security_headers_through_proxy(site):
    home = fetch(site, f"{site.origin}/")
    expect(home.status == 200, f"/ answered {home.status}")
    for name, value in SECURITY_HEADERS.items():
        expect(home.header(name) == value, f"/: {name} is {home.header(name)!r}, not {value!r}")
    csp = home.header("Content-Security-Policy")
    expect(
        "default-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp,
        f"/: Content-Security-Policy is {csp!r}",
    )
    expect(home.header("Server") == "nginx", f"Server header {home.header('Server')!r}")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home.text)
    expect(stylesheet, "/ links no hashed stylesheet: static files not collected?")
    static = fetch(site, f"{site.origin}{stylesheet[1]}", headers={"Accept-Encoding": "gzip"})
    expect(static.status == 200, f"{stylesheet[1]} answered {static.status}")
    expect("immutable" in static.header("Cache-Control"), "static files are not immutable")
    expect(static.header("Content-Encoding") == "gzip", "nginx did not serve the .gz copy")
    expect(not static.header("X-Request-ID"), "static files went through Django, not nginx")
    for name in ("Strict-Transport-Security", "X-Content-Type-Options"):
        expect(static.header(name) == SECURITY_HEADERS[name], f"static file: {name} missing")
    favicon = fetch(site, f"{site.origin}/favicon.ico")
    expect(
        favicon.status == 200 and "max-age=31536000" in favicon.header("Cache-Control"),
        f"/favicon.ico answered {favicon.status} {favicon.header('Cache-Control')!r}",
    )
    return (
        f"/ has HSTS, CSP, nosniff, DENY, referrer policy, COOP; {stylesheet[1]} from nginx "
        "(gzip, immutable, HSTS); /favicon.ico 200 with a year's max-age"
    )


def check_proxy_headers_trusted_for_one_hop(site):
    """The app sees https and the host through nginx, whatever a client claims."""
    feed = fetch(site, f"{site.origin}/newsroom/rss/", headers={"X-Forwarded-Proto": "http"})
    expect(feed.status == 200, f"/newsroom/rss/ answered {feed.status}")
    self_link = f'href="{site.origin}/newsroom/rss/"'
    expect(self_link in feed.text, f"the feed's self link is not {self_link}")
    # Rate limits count the address nginx saw: a client that spoofs X-Forwarded-For is still
    # limited, and another client (another loopback address) is not limited by its count.
    limit = int(site.env["DJANGO_RATELIMIT_SEARCH"].split("/")[0])
    window = int(site.env["DJANGO_RATELIMIT_SEARCH"].split("/")[1])
    if window - time.time() % window < 30:  # keep every request in one fixed window
        time.sleep(window - time.time() % window + 0.5)
    statuses = []
    for n in range(limit + 2):
        response = fetch(
            site,
            f"{site.origin}/newsroom/?{urlencode({'q': f'security {n}'})}",
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
            source="127.0.0.2",
        )
        statuses.append(response.status)
    expected = [200] * limit + [429, 429]
    expect(
        statuses == expected, f"searches from 127.0.0.2 with spoofed X-Forwarded-For: {statuses}"
    )
    other = fetch(site, f"{site.origin}/newsroom/?q=security", source="127.0.0.3")
    expect(other.status == 200, f"another client was limited too ({other.status}): proxy counted")
    return (
        f"feed self link {site.origin}/… despite X-Forwarded-Proto: http; {limit} searches then "
        "429 for 127.0.0.2 with spoofed X-Forwarded-For, 200 for 127.0.0.3"
    )


def check_observatory_grade(site):
    scanner = DEPLOY / "observatory" / "node_modules" / "@mdn" / "mdn-http-observatory"
    result = subprocess.run(
        ["node", str(scanner / "src" / "scan.js"), f"{site.host}:{site.https_port}"],
        env={**site.env, "NODE_EXTRA_CA_CERTS": str(site.cert)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    (site.run_dir / "observatory.json").write_text(result.stdout)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise Failure(f"the Observatory said: {result.stdout}{result.stderr}") from error
    scan = report.get("scan") or {}
    failed = [name for name, test in report.get("tests", {}).items() if not test.get("pass")]
    expect(
        scan.get("grade") == "A+" and not failed,
        f"Observatory grade {scan.get('grade')} score {scan.get('score')}, failed {failed}: "
        f"{report.get('error', '')}",
    )
    return (
        f"MDN HTTP Observatory (algorithm {scan.get('algorithmVersion')}) on "
        f"{site.origin}/: grade {scan['grade']}, score {scan['score']}/100, "
        f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed"
    )


def sign_in(site, app):
    """The admin's sign-in form on one app server; returns the cookies of the session."""
    login = f"{site.admin_path}login/"
    form = direct(site, app, login)
    csrf = re.search(r"csrftoken=([A-Za-z0-9]+)", form.header("Set-Cookie"))[1]
    username, password = site.superuser
    body = urlencode(
        {"csrfmiddlewaretoken": csrf, "username": username, "password": password, "next": "/"}
    )
    response = direct(site, app, login, method="POST", body=body, headers=form_headers(site, csrf))
    expect(response.status == 302, f"sign-in on {app.address} answered {response.status}")
    set_cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
    return {"csrftoken": csrf, **dict(re.findall(r"(csrftoken|sessionid)=(\w+)", set_cookies))}


def form_headers(site, csrf, cookies=None):
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {"csrftoken": csrf}).items())
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Origin": site.origin,
        "Referer": f"{site.origin}{site.admin_path}",
    }


def admin_action(site, app, cookies, action, pk):
    changelist = f"{site.admin_path}newsroom/newsitem/"
    body = urlencode(
        {
            "csrfmiddlewaretoken": cookies["csrftoken"],
            "action": action,
            "_selected_action": pk,
            "index": 0,
        }
    )
    headers = form_headers(site, cookies["csrftoken"], cookies)
    response = direct(site, app, changelist, method="POST", body=body, headers=headers)
    expect(response.status == 302, f"admin action {action} on {app.address}: {response.status}")


def newest_item(site, app):
    feed = direct(site, app, "/newsroom/rss/")
    item = re.search(
        r"<item>.*?<link>([^<]+)</link>.*?<guid[^>]*>urn:uuid:([0-9a-f-]+)<", feed.text
    )
    expect(item, "the feed has no item")
    return urlsplit(item[1]).path, item[2], feed.header("ETag")


def check_edit_through_one_app_server_seen_by_the_other(site):
    one, other = site.app_servers
    path, uuid, etag = newest_item(site, other)
    direct(site, other, "/newsroom/")  # the list and the item, now in the shared page cache
    expect(direct(site, other, path).status == 200, f"{path} is not public on {other.address}")
    script = f"from newsroom.models import NewsItem; print(NewsItem.objects.get(uuid='{uuid}').pk)"
    pk = site.manage("shell", "--verbosity", "0", "-c", script).strip()
    cookies = sign_in(site, one)
    admin_action(site, one, cookies, "unpublish", pk)
    gone = direct(site, other, path).status
    in_list = f'href="{path}"' in direct(site, other, "/newsroom/").text
    feed = direct(site, other, "/newsroom/rss/", headers={"If-None-Match": etag})
    expect(
        gone == 404 and not in_list and feed.status == 200 and uuid not in feed.text,
        f"after unpublishing on {one.address}, {other.address} answered: item {gone}, "
        f"in list {in_list}, feed {feed.status} with the item {uuid in feed.text}",
    )
    admin_action(site, one, cookies, "publish_now", pk)
    expect(direct(site, other, path).status == 200, "published again, still 404 on the other")
    return (
        f"unpublished {path} on {one.address}: at once 404 on {other.address}, gone from its "
        f"list, feed ETag {etag} → 200 without it; published again: 200"
    )


# --- The shared HTTP cache (Varnish, deploy/varnish/osce.vcl) ------------------------------


def through_cache(site, path, headers=None):
    response = fetch(site, f"{site.origin}{path}", headers=headers)
    return response, response.header("X-Shared-Cache")


def item_paths(site, count):
    feed = fetch(site, f"{site.origin}/newsroom/rss/")
    paths = [
        urlsplit(link).path
        for link in re.findall(r"<item>.*?<link>([^<]+)</link>", feed.text, re.S)
    ]
    expect(len(paths) >= count, f"the feed lists {len(paths)} items, {count} needed")
    return paths[:count]


def check_shared_cache_serves_anonymous_pages_only(site):
    for path in ("/newsroom/", "/newsroom/rss/"):
        through_cache(site, path)
        response, state = through_cache(site, path)
        expect(
            response.status == 200 and state == "hit", f"{path} again: {response.status} {state}"
        )
        keys = response.header("xkey")
        expect(not keys, f"{path} shows its internal xkey header: {keys}")
    cookies = sign_in(site, site.app_servers[0])
    staff = {"Cookie": f"sessionid={cookies['sessionid']}"}
    for path in ("/newsroom/", site.admin_path):
        through_cache(site, path, staff)
        _, state = through_cache(site, path, staff)
        expect(state == "miss", f"{path} for a signed-in editor came from the shared cache")
    return "anonymous /newsroom/ and its feed: hit on the second request; an editor's: never"


def check_shared_cache_purges_an_edited_item_within_a_second(site):
    edited, unrelated = item_paths(site, 2)
    for path in (edited, unrelated, "/newsroom/"):
        through_cache(site, path)
        expect(through_cache(site, path)[1] == "hit", f"{path} not kept by the shared cache")
    slug = edited.rstrip("/").rsplit("/", 1)[-1]
    title = f"Edited through the cache {time.time():.0f}"
    script = (
        f"from newsroom.models import NewsItem; i = NewsItem.objects.get(slug={slug!r}); "
        f"i.title = {title!r}; i.save()"
    )
    site.manage("shell", "--verbosity", "0", "-c", script)
    saved = time.monotonic()
    while title not in (page := through_cache(site, edited))[0].text:
        expect(time.monotonic() - saved < 1, f"{edited} still without the edit after 1 s")
        time.sleep(0.05)
    seen = time.monotonic() - saved
    in_list = title in through_cache(site, "/newsroom/")[0].text
    expect(in_list, "the edited title is not in /newsroom/ through the cache")
    _, other = through_cache(site, unrelated)
    expect(other == "hit", f"an unrelated item page was dropped too ({other})")
    return (
        f"edit of {edited} visible through the cache after {seen * 1000:.0f} ms ({page[1]}), "
        f"in /newsroom/ too; {unrelated} still a hit"
    )


def check_shared_cache_drops_an_unpublished_item_at_once(site):
    app = site.app_servers[0]
    (path,) = item_paths(site, 1)
    for url in (path, "/newsroom/rss/"):
        through_cache(site, url)
        expect(through_cache(site, url)[1] == "hit", f"{url} not kept by the shared cache")
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    script = f"from newsroom.models import NewsItem; print(NewsItem.objects.get(slug='{slug}').pk)"
    pk = site.manage("shell", "--verbosity", "0", "-c", script).strip()
    cookies = sign_in(site, app)
    admin_action(site, app, cookies, "unpublish", pk)
    page, _ = through_cache(site, path)
    feed, _ = through_cache(site, "/newsroom/rss/")
    expect(page.status == 404, f"{path} right after unpublishing: {page.status}")
    expect(path not in feed.text, "the unpublished item is still in the feed")
    admin_action(site, app, cookies, "publish_now", pk)
    expect(through_cache(site, path)[0].status == 200, f"{path} published again: not 200")
    return f"unpublished {path}: 404 and out of the feed through the cache on the next request"


# Pages without a rate limit: each request below carries a query of its own, and a feed with a
# query string counts against the per-client feed limit (osce_site/middleware/rate_limit.py).
LOAD_PATHS = ["/", "/newsroom/", "/fields-of-work/", "/countries/", "/structures/", "/about/"]


def check_rolling_restart_under_load_loses_no_request(site):
    """README: Deploy's rollout: each app server stopped and started in turn, under load."""
    statuses, errors, stop = [], [], threading.Event()

    def visitor():
        while not stop.is_set():
            path = LOAD_PATHS[len(statuses) % len(LOAD_PATHS)]
            # A query of its own: through the shared cache, yet served by an app server.
            url = f"{site.origin}{path}?visit={len(statuses)}"
            try:
                statuses.append(fetch(site, url).status)
            except OSError as error:
                errors.append(f"{path}: {error}")

    access_log = site.run_dir / "nginx-access.log"
    log_start = access_log.stat().st_size
    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for thread in threads:
        thread.start()
    reports = []
    try:
        for app in site.app_servers:
            time.sleep(1.5)
            app.process.stop()  # SIGTERM: gunicorn finishes what it serves, then exits
            time.sleep(1.5)
            states = {other.address: health(site, other) for other in site.app_servers}
            expected = {
                other.address: "down" if other is app else "ok" for other in site.app_servers
            }
            expect(states == expected, f"/healthz with {app.address} stopped: {states}")
            restarted_at = access_log.stat().st_size
            process = site.start_app_server(app)
            wait_for(
                lambda app=app: health(site, app) == "ok", f"{app.address} again", process=process
            )
            # Healthy is not enough: nginx sends it requests again once fail_timeout is over.
            wait_for(
                lambda app=app, since=restarted_at: served_by(access_log, since, app),
                f"nginx sending requests to {app.address} again",
                timeout=20,
            )
            reports.append(f"{app.address} stopped after {len(statuses)} requests")
        time.sleep(1.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    with access_log.open() as log:
        log.seek(log_start)
        upstreams = [line.rsplit('"', 1)[-1] for line in log.read().splitlines()]
    retried = sum(1 for upstream in upstreams if ", " in upstream)
    failed = [status for status in statuses if status != 200]
    expect(
        not failed and not errors,
        f"{len(failed)} non-200 answers {sorted(set(failed))}, errors {errors[:3]}",
    )
    return (
        f"{len(statuses)} requests by 4 visitors, {'; '.join(reports)}, each time /healthz "
        f"down for it and ok for the other, then restarted: 0 lost, {retried} retried by nginx "
        "on the other app server"
    )


def served_by(access_log, since, app):
    with access_log.open() as log:
        log.seek(since)
        return any(line.endswith(f" {app.address} 200") for line in log.read().splitlines())


def health(site, app):
    if not port_open(app.port):
        return "down"
    response = direct(site, app, "/healthz")
    return json.loads(response.body).get("status", "?") if response.status == 200 else "error"


def check_app_server_refuses_without_collected_static(site):
    empty = site.run_dir / "empty-static"
    empty.mkdir()
    app = AppServer(18109)
    process = site.start_app_server(app, env={**site.env, "DJANGO_STATIC_ROOT": str(empty)})
    try:
        process.popen.wait(60)
    except subprocess.TimeoutExpired as error:
        raise Failure("an app server without collected static files kept running") from error
    log = process.log.read_text()
    expect(
        process.popen.returncode != 0 and "osce.E001" in log and "collectstatic" in log,
        f"exit {process.popen.returncode}, log: {process.log_tail(5)}",
    )
    return f"exit status {process.popen.returncode}, its log names collectstatic (osce.E001)"


CHECKS = [
    check_http_redirects_to_https,
    check_security_headers_through_proxy,
    check_proxy_headers_trusted_for_one_hop,
    check_observatory_grade,
    check_edit_through_one_app_server_seen_by_the_other,
    check_app_server_refuses_without_collected_static,
    check_shared_cache_serves_anonymous_pages_only,
    check_shared_cache_purges_an_edited_item_within_a_second,
    check_shared_cache_drops_an_unpublished_item_at_once,
    check_rolling_restart_under_load_loses_no_request,
]


def run_all(site, only=""):
    failures = 0
    for check in CHECKS:
        if only not in check.__name__:
            continue
        name = check.__name__.removeprefix("check_").replace("_", " ")
        started = time.monotonic()
        try:
            summary = check(site)
        except (Failure, OSError, subprocess.SubprocessError) as error:
            failures += 1
            say(f"FAIL  {name}: {error}")
        else:
            say(f"ok    {name} ({time.monotonic() - started:.1f} s): {summary}")
    return failures

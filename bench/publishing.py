"""Publishing under load: the six hot pages while an editor publishes, and what a change costs.

The archive and database of `make bench` (bench/run.py: PostgreSQL, 100,000 items), with
what production has and run.py leaves out: Redis as the shared cache (database 5 unless
--redis-url) and, for the last rows, Varnish in front (deploy/varnish/osce.vcl, purged by
the app). gunicorn with 2 workers. Rows:

- the six-page mix (home, newsroom, two filters, RSS, a topic), 64 connections for 40 s,
  once without edits and once with an item edited every 5 s from another process;
- cold renders: the first request of the newsroom, a filter and a search after a change;
- through the shared HTTP cache: a hit under load, and the first request after a purge.

Writes its block of bench/RESULTS.md (bench/results.py).

    .venv/bin/python bench/publishing.py --database osce_bench --port 8180
"""

import argparse
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

sys.path.insert(0, str(Path(__file__).resolve().parent))
import results
import run

ROOT = run.ROOT

EDITOR = """
import os, time
from newsroom.models import NewsItem
item = NewsItem.objects.published().newest_first().first()
base, edits = item.title, 0
end = time.time() + float(os.environ["EDIT_SECONDS"])
every = float(os.environ["EDIT_EVERY"])
while time.time() + every < end:
    time.sleep(every)
    edits += 1
    item.title = f"{base} (edit {edits})"
    item.save()
item.title = base
item.save()
print("edits", edits)
"""

# A new title every time (with and without the mark, in turn): each edit changes the text.
ONE_EDIT = """
from newsroom.models import NewsItem
item = NewsItem.objects.published().newest_first().first()
base = item.title.split(" (edit")[0]
item.title = base if item.title != base else base + " (edit)"
item.save()
"""

# A change of what lists hold: the newest item leaves the lists, then comes back, in turn
# (what publishing or unpublishing an item does to every count, facet and search).
ONE_PUBLISH = """
from newsroom.models import NewsItem
item = NewsItem.objects.newest_first().first()
out = item.status == NewsItem.Status.PUBLISHED
item.status = NewsItem.Status.DRAFT if out else NewsItem.Status.PUBLISHED
item.save()
"""

MIX_LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="osce_bench")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--publications", type=int, default=10_000, help="as run.py's")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--duration", type=int, default=40)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--edit-every", type=float, default=5.0)
    parser.add_argument("--samples", type=int, default=3, help="cold renders per row")
    parser.add_argument("--sqlite", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", default="", help=argparse.SUPPRESS)
    return parser.parse_known_args()[0]  # `make bench` passes run.py's options too


def wrk_mix(url_base, paths, connections, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(MIX_LUA % ", ".join(f'"{p}"' for p in paths))
    command = [
        "wrk",
        f"-c{connections}",
        "-t2",
        f"-d{seconds}s",
        "--timeout=30s",
        "--latency",
        "-s",
        script.name,
        url_base,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    os.unlink(script.name)
    result = {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
    }
    for name in ("50", "99"):
        result[f"p{name}"] = milliseconds(re.search(rf"\s{name}%\s+([\d.]+\w+)", output).group(1))
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output).group(1)
    result["max"] = milliseconds(latency)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (
        sum(map(int, re.findall(r"\d+", errors.group(0)))) if errors else 0
    )
    return result


def milliseconds(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)$", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def edit(env, change=ONE_EDIT):
    run.manage(env, "shell", "-c", change)


def timed(url):
    started = time.perf_counter()
    status, headers, _ = run.fetch(url)
    return (time.perf_counter() - started) * 1000, status, headers


def cold_rows(server, paths, samples, change=ONE_EDIT):
    """The first request of each path after a change (an edit of a title, or `change`);
    each path is requested once before (the search is not in the mix): what a change
    costs, not the first request ever."""
    rows = []
    for name, path in paths:
        run.fetch(server.url(path))
        times = []
        for _ in range(samples):
            edit(server.env, change)
            elapsed, status, headers = timed(server.url(path))
            if status != 200 or headers.get("X-Cache") != "miss":
                raise RuntimeError(f"{path} after an edit: {status} {headers.get('X-Cache')}")
            times.append(elapsed)
        rows.append((name, path, statistics.median(times), max(times)))
        print(f"  cold {name:<28} median {rows[-1][2]:7.0f} ms  max {rows[-1][3]:7.0f} ms")
    return rows


def start_varnish(args, run_dir):
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise SystemExit("varnishd is missing: `make prodlike` installs it (Debian's varnish)")
    vcl = Template((ROOT / "deploy/varnish/osce.vcl").read_text()).safe_substitute(
        OSCE_CACHE_BACKEND_HOST="127.0.0.1",
        OSCE_CACHE_BACKEND_PORT=str(args.port),
        OSCE_ADMIN_PATH="admin/",
    )
    (run_dir / "osce.vcl").write_text(vcl)
    log = open(run.OUT / "varnish.log", "a")
    process = subprocess.Popen(
        [
            varnishd,
            *("-F", "-j", "none", "-n", str(run_dir / "varnish")),
            *("-a", f"127.0.0.1:{args.port + 1}", "-f", str(run_dir / "osce.vcl")),
            *("-s", "malloc,128m"),
        ],
        stdout=log,
        stderr=log,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            run.fetch(f"http://127.0.0.1:{args.port + 1}/healthz")
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("varnishd did not start: see bench/out/varnish.log")


def main():
    args = parse_args()
    if args.sqlite:
        print("bench/publishing.py: PostgreSQL only; skipped with --sqlite")
        return
    load_before = os.getloadavg()
    run.ensure_wrk()
    print(f"Preparing PostgreSQL {args.database} with {args.items} items…", flush=True)
    run.prepare(args)
    run_dir = Path(tempfile.mkdtemp(prefix="osce-bench-varnish-"))
    purge_url = f"http://127.0.0.1:{args.port + 1}/"
    server = run.Server(args, page_cache=True)
    server.env.update(
        REDIS_URL=args.redis_url,
        DJANGO_CACHE_PREFIX=f"osce-bench-{args.port}",
        DJANGO_CACHE_PURGE_URL=purge_url,
    )
    varnish = start_varnish(args, run_dir)
    try:
        with server:
            item_url, type_slug = run.sample_paths(server)
            mix = [
                "/",
                "/newsroom/",
                "/newsroom/?field=border-management",
                f"/newsroom/?type={type_slug}",
                "/newsroom/rss/",
                "/fields-of-work/border-management/",
            ]
            for path in mix:  # warm: every page once
                run.fetch(server.url(path))
            print("Six-page mix, no edits…", flush=True)
            wrk_mix(server.url("/"), mix, args.connections, 5)  # warm-up
            quiet = wrk_mix(server.url("/"), mix, args.connections, args.duration)
            print(f"  {quiet}", flush=True)
            print(f"Six-page mix, an edit every {args.edit_every:.0f} s…", flush=True)
            editor = subprocess.Popen(
                [run.PYTHON, "manage.py", "shell", "-c", EDITOR],
                cwd=ROOT,
                env={
                    **server.env,
                    "EDIT_SECONDS": str(args.duration + 3),
                    "EDIT_EVERY": str(args.edit_every),
                },
                stdout=subprocess.PIPE,
                text=True,
            )
            time.sleep(2)  # the editor's Django is up; its first edit comes 5 s later
            busy = wrk_mix(server.url("/"), mix, args.connections, args.duration)
            edits = int(editor.communicate(timeout=120)[0].split()[-1])
            print(f"  {busy} ({edits} edits)", flush=True)

            print("Cold renders after a change…", flush=True)
            cold_paths = [
                ("/newsroom/", "/newsroom/"),
                ("?field=border-management", "/newsroom/?field=border-management"),
                ("?q=border+police", "/newsroom/?q=border+police"),
            ]
            cold = cold_rows(server, cold_paths, args.samples)
            print("Cold renders after a publish or unpublish…", flush=True)
            # An even number of changes leaves the newest item as it was.
            publish_samples = 2 * ((args.samples + 1) // 2)
            cold_publish = cold_rows(server, cold_paths, publish_samples, ONE_PUBLISH)

            print("Through the shared HTTP cache (Varnish)…", flush=True)
            front = f"http://127.0.0.1:{args.port + 1}"
            run.fetch(front + "/newsroom/")
            _, headers, _ = run.fetch(front + "/newsroom/")
            if headers.get("X-Shared-Cache") != "hit":
                raise RuntimeError(f"Varnish did not keep /newsroom/: {headers}")
            hit_load = run.wrk(front + "/newsroom/", 16, 20)
            hit_latency = run.wrk(front + "/newsroom/", 1, 8, latency=True)
            baseline = run.wrk(server.url("/bench/baseline/"), 16, 20)
            purged = []
            for _ in range(args.samples):
                edit(server.env)  # purges list, feed, site and the item from Varnish
                elapsed, status, headers = timed(front + "/newsroom/")
                if status != 200 or headers.get("X-Shared-Cache") != "miss":
                    raise RuntimeError("/newsroom/ was not purged from Varnish by an edit")
                purged.append(elapsed)
            item_after = []
            for _ in range(args.samples):
                run.fetch(front + item_url)
                edit(server.env)  # another item: this one's page stays in Varnish
                elapsed, _, headers = timed(front + item_url)
                item_after.append((elapsed, headers.get("X-Shared-Cache")))
    finally:
        varnish.terminate()
        varnish.wait(timeout=30)
        shutil.rmtree(run_dir, ignore_errors=True)

    load_after = os.getloadavg()
    ratio = busy["requests"] / quiet["requests"]
    p99_ratio = busy["p99"] / quiet["p99"]
    lines = [
        "## Publishing under load (bench/publishing.py)",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; PostgreSQL, "
        f"{args.items} items, Redis shared cache, 2 gunicorn workers; load average (1/5/15 min) "
        f"before {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, after "
        f"{load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f} on {os.cpu_count()} "
        "cores (a shared machine: other work ran beside it, figures are pessimistic)",
        f"- six-page mix ({', '.join(mix)}), {args.connections} connections, "
        f"{args.duration} s, wrk; edits: `item.save()` of the newest item every "
        f"{args.edit_every:.0f} s from another process ({edits} edits)",
        "",
        "| mix | requests | req/s | p50 ms | p99 ms | max ms | errors (non-2xx/3xx + socket) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in (("no edits", quiet), (f"an edit every {args.edit_every:.0f} s", busy)):
        lines.append(
            f"| {name} | {row['requests']} | {row['rps']:.0f} | {row['p50']:.0f} | "
            f"{row['p99']:.0f} | {row['max']:.0f} | {row['errors']} |"
        )
    lines += [
        "",
        f"Throughput with edits / without: **{ratio:.2f}** (target ≥ 0.90); p99 with / "
        f"without: **{p99_ratio:.1f}×** (target ≤ 3×); errors: "
        f"{quiet['errors'] + busy['errors']}.",
        "",
        f"Cold renders: the first request after an edit of the newest item's title, and after "
        f"the newest item is unpublished or published again, which changes what every list "
        f"holds (median and max of {args.samples} edits and of {publish_samples} changes; each "
        f"page requested once before; target ≤ 150 ms)",
        "",
        "| page | after a title edit: median ms | max ms | after a (un)publish: median ms "
        "| max ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {median:.0f} | {worst:.0f} | {p_median:.0f} | {p_worst:.0f} |"
            for (name, _, median, worst), (_, _, p_median, p_worst) in zip(
                cold, cold_publish, strict=True
            )
        ),
        "",
        "Through the shared HTTP cache (Varnish with xkey, deploy/varnish/osce.vcl)",
        "",
        "| row | req/s (16 conn.) | p50 ms (1 conn.) | p99 ms (1 conn.) |",
        "|---|---:|---:|---:|",
        f"| constant view (app, no cache), for scale | {baseline['rps']:.0f} | – | – |",
        f"| /newsroom/, a hit in Varnish | {hit_load['rps']:.0f} | {hit_latency['p50']:.2f} | "
        f"{hit_latency['p99']:.2f} |",
        "",
        f"- /newsroom/ on the first request after an edit purged it: median "
        f"{statistics.median(purged):.0f} ms, max {max(purged):.0f} ms (a miss in Varnish, "
        "rendered by the app)",
        f"- an item page after another item's edit: {', '.join(h or '?' for _, h in item_after)}"
        f" in Varnish, median {statistics.median(t for t, _ in item_after):.1f} ms",
    ]
    text = "\n".join(lines)
    print()
    print(text)
    results.write_block("publishing-under-load", text)
    print("Written to bench/RESULTS.md (block publishing-under-load)")


if __name__ == "__main__":
    main()

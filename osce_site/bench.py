"""The benchmark's baseline: a constant 20 KB page through the full middleware stack.

Routed only when OSCE_BENCH=1 (bench/run.py sets it); it measures the stack's own limit.
"""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Baseline</title></head>"
    "<body><main>"
    + "".join(f"<p>Constant paragraph {n:04d} of the baseline page.</p>" for n in range(380))
    + "</main></body></html>"
).encode()


def baseline(request):
    response = HttpResponse(PAGE)
    add_never_cache_headers(response)  # always through the whole stack, never the page cache
    return response

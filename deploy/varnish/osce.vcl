# The shared HTTP cache between nginx and the app servers (README: Deploy): Varnish with the
# xkey vmod (Debian: varnish, varnish-modules). Install: fill in the ${OSCE_...} values like
# deploy/nginx/osce.conf's, into /etc/varnish/default.vcl; make prodlike fills in the same file.
#
# What it keeps: anonymous GET and HEAD responses that the app marks shared-cacheable with
# `s-maxage` (osce_site/middleware/page_cache.py: fresh pages only, never stale ones, never
# the admin, previews or a response that sets a cookie), for that many seconds at most.
# What it forgets: the app sends `PURGE /` with `xkey-purge: <keys>` on every content
# change (osce_site/surrogate.py); every object whose `xkey` header names one of the keys
# is dropped at once.
vcl 4.1;

import xkey;

backend default {
    # nginx's plain-HTTP listener for the cache, which spreads requests over the app servers.
    .host = "${OSCE_CACHE_BACKEND_HOST}";
    .port = "${OSCE_CACHE_BACKEND_PORT}";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # Varnish appended the address it saw (nginx's, on this host) to X-Forwarded-For; the
    # app trusts one hop, nginx, whose entry must stay the last one.
    if (req.http.X-Forwarded-For ~ ",") {
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",\s*[^,]*$", "");
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/${OSCE_ADMIN_PATH}" || req.url ~ "^/healthz" || req.url ~ "/preview/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);  # signed-in staff and editors: never from, nor into, the cache
    }
    unset req.http.Cookie;  # anonymous: what remains (csrftoken) does not change a page
    return (hash);
}

sub vcl_backend_response {
    # Only what the app marked for a shared cache; the app's s-maxage is the lifetime.
    if (bereq.uncacheable || beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "s-maxage=[1-9]"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    set beresp.grace = 0s;  # the app serves stale (within its bound), not the cache
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Shared-Cache = "hit";
    } else {
        set resp.http.X-Shared-Cache = "miss";
    }
    unset resp.http.xkey;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

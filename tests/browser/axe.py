"""axe-core (from npm) run inside a Playwright page: the WCAG 2.2 A/AA rules."""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, axe_source):
    """Runs axe-core in the page; evaluate() is not subject to the page's CSP, a script tag is.

    It judges the page at rest, as a person reads it: after its CSS transitions have ended
    (the rich-text editor's toolbar fades its buttons in; mid-fade, their colours are a blend
    that fails contrast, seen under load)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]

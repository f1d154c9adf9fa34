# crucible-canary:7f2d9b64-1a8e-4c37-a5d2-e60b3f9c8147
import pytest

from textkit import InterpolationError, parse_config


def test_repeated_reference_in_one_value():
    cfg = parse_config(
        "[site]\n"
        "scheme = https\n"
        "host = example.org\n"
        "login = ${scheme}://${host}/login?next=${scheme}://${host}/home\n"
    )
    assert cfg.get("site", "login") == "https://example.org/login?next=https://example.org/home"


def test_diamond_shaped_references():
    cfg = parse_config("[d]\na = ${b}-${c}\nb = ${d}x\nc = ${d}y\nd = 1\n")
    assert cfg.get("d", "a") == "1x-1y"


def test_same_key_name_taken_from_another_section():
    cfg = parse_config(
        "[server]\nhost = example.org\nport = 8080\n\n"
        "[database]\nhost = ${server:host}\nport = ${server:port}\nurl = pg://${host}:${port}/app\n"
    )
    assert cfg.get("database", "host") == "example.org"
    assert cfg.get("database", "url") == "pg://example.org:8080/app"


def test_chain_across_sections_sharing_key_names():
    cfg = parse_config(
        "[base]\nurl = https://example.org\n\n"
        "[api]\nurl = ${base:url}/api\n\n"
        "[v2]\nurl = ${api:url}/v2\n"
    )
    assert cfg.get("v2", "url") == "https://example.org/api/v2"
    assert cfg.items("api") == {"url": "https://example.org/api"}


def test_many_options_sharing_one_base_value():
    lines = ["[app]", "root = /srv/app"]
    lines += [f"dir{i} = ${{root}}/d{i}" for i in range(12)]
    lines.append("all = " + ":".join(f"${{dir{i}}}" for i in range(12)))
    cfg = parse_config("\n".join(lines) + "\n")
    assert cfg.get("app", "all") == ":".join(f"/srv/app/d{i}" for i in range(12))
    assert cfg.getlist("app", "all") == [cfg.get("app", "all")]


def test_genuine_cycle_across_sections_is_reported_as_circular():
    cfg = parse_config("[a]\nx = ${b:y}\n\n[b]\ny = ${a:x}\n")
    with pytest.raises(InterpolationError, match="(?i)circular"):
        cfg.get("a", "x")
    cfg = parse_config("[a]\nhost = ${b:host}\n\n[b]\nhost = ${c:host}\n\n[c]\nhost = ${a:host}\n")
    with pytest.raises(InterpolationError, match="(?i)circular"):
        cfg.get("b", "host")


def test_values_reusing_a_default_twice():
    cfg = parse_config(
        "[DEFAULT]\nenv = prod\n\n"
        "[server]\nname = web-${env}\nlabel = ${name} (${env}) ${name}\n"
    )
    assert cfg.get("server", "label") == "web-prod (prod) web-prod"
    assert cfg.items("server")["label"] == "web-prod (prod) web-prod"


def test_dollar_escape_survives_interpolation():
    cfg = parse_config(
        "[shop]\namount = 42\nprice = $$5\nlabel = cost ${price}\n"
        "template = $${amount}\ntotal = $$${amount}\n"
    )
    assert cfg.get("shop", "label") == "cost $5"
    assert cfg.get("shop", "template") == "${amount}"
    assert cfg.get("shop", "total") == "$42"


def test_escaped_self_reference_is_not_a_cycle():
    cfg = parse_config("[t]\nx = $${x} and $$${y}\ny = 1\n")
    assert cfg.get("t", "x") == "${x} and $1"


def test_direct_and_indirect_cycles_in_one_section_raise():
    cfg = parse_config("[a]\nx = ${x}\np = ${q}\nq = ${r}\nr = -${p}-\n")
    with pytest.raises(InterpolationError, match="(?i)circular"):
        cfg.get("a", "x")
    with pytest.raises(InterpolationError, match="(?i)circular"):
        cfg.get("a", "q")


def test_cycle_message_names_only_the_options_on_the_loop():
    # `b` is resolved (and done with) before the loop through `c` is found: it is not part of it.
    cfg = parse_config("[s]\na = ${b}${c}\nb = plain\nc = ${a}\n")
    with pytest.raises(InterpolationError) as caught:
        cfg.get("s", "a")
    message = str(caught.value)
    assert "circular reference" in message
    assert "${a} -> ${c} -> ${a}" in message
    assert "${b}" not in message


def test_cycle_through_the_default_section_raises():
    cfg = parse_config("[DEFAULT]\ngreeting = hello ${name}\n\n[s]\nname = ${greeting}\n")
    with pytest.raises(InterpolationError, match="(?i)circular"):
        cfg.get("s", "name")


def test_unknown_references_and_stray_dollars_raise():
    cfg = parse_config("[a]\nx = ${nope}\ny = ${missing:x}\nz = costs 5$\nok = fine\n")
    for key in ("x", "y", "z"):
        with pytest.raises(InterpolationError):
            cfg.get("a", key)
    assert cfg.get("a", "ok") == "fine"


def test_default_values_resolve_in_the_requesting_section():
    cfg = parse_config(
        "[DEFAULT]\nurl = http://${host}/\n\n[a]\nhost = a.example\n\n[b]\nhost = b.example\n"
    )
    assert cfg.get("a", "url") == "http://a.example/"
    assert cfg.get("b", "url") == "http://b.example/"


def test_long_acyclic_chain_resolves():
    lines = ["[c]", "k0 = start"] + [f"k{i} = ${{k{i - 1}}}." for i in range(1, 9)]
    cfg = parse_config("\n".join(lines) + "\n")
    assert cfg.get("c", "k8") == "start........"

"""Trust policies in the c2sp.org/tlog-policy format: the spec's example, its rules, quorums."""

from __future__ import annotations

import itertools

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.ledger.proof.note import COSIGNATURE_V1, ED25519, Signer, Verifier
from projections.ledger.proof.policy import PolicyError, parse_policy


def log_key(name: str = "register.example/ledger") -> Verifier:
    return Signer(name, Ed25519PrivateKey.generate(), ED25519).verifier()


def witness_key(name: str) -> Verifier:
    return Signer(name, Ed25519PrivateKey.generate(), COSIGNATURE_V1).verifier()


WITNESSES = {
    name: witness_key(f"{name.lower()}.example/w") for name in ["X1", "X2", "X3", "Y1", "Y2", "Y3"]
}
LOG = log_key()


def spec_example() -> str:
    """c2sp.org/tlog-policy, "Example policy", with real keys where the spec elides them."""
    v = {name: key.vkey() for name, key in WITNESSES.items()}
    return (
        f"log {LOG.vkey()}\n"
        "\n"
        f"witness X1 {v['X1']}\n"
        f"witness X2 {v['X2']}\n"
        f"witness X3 {v['X3']}\n"
        "group X-witnesses 2 X1 X2 X3\n"
        "\n"
        f"witness Y1 {v['Y1']}\n"
        f"witness Y2 {v['Y2']}\n"
        f"witness Y3 {v['Y3']}\n"
        "group Y-witnesses any Y1 Y2 Y3\n"
        "\n"
        "group X-and-Y all X-witnesses Y-witnesses\n"
        "quorum X-and-Y\n"
    )


def test_the_spec_example_needs_two_x_and_one_y_witness() -> None:
    """'at least two of the X-witnesses, and at least one of the Y-witnesses'."""
    policy = parse_policy(spec_example())
    assert [log.verifier.vkey() for log in policy.logs] == [LOG.vkey()]
    assert sorted(policy.witnesses) == sorted(WITNESSES)
    assert policy.quorum == "X-and-Y"
    for size in range(len(WITNESSES) + 1):
        for names in itertools.combinations(WITNESSES, size):
            xs = sum(1 for n in names if n.startswith("X"))
            ys = sum(1 for n in names if n.startswith("Y"))
            expected = xs >= 2 and ys >= 1
            assert policy.satisfied([WITNESSES[n] for n in names]) is expected, names


def test_a_single_witness_quorum_and_quorum_none() -> None:
    w = WITNESSES["X1"]
    policy = parse_policy(f"witness A {w.vkey()} https://w.example/\nquorum A\n")
    assert policy.witnesses["A"].url == "https://w.example/"
    assert policy.satisfied([w])
    assert not policy.satisfied([])
    assert not policy.satisfied([WITNESSES["X2"]])  # a key the policy does not name
    none = parse_policy("quorum none\n")
    assert none.quorum is None
    assert none.satisfied([])


def test_whitespace_comments_and_opaque_names_are_accepted() -> None:
    w = WITNESSES["Y1"]
    text = (
        "# a comment\n"
        "   \t\n"
        f"\t witness  caf\u00e9\t{w.vkey()}   \n"
        "  # an indented comment\n"
        "quorum caf\u00e9"
    )
    policy = parse_policy(text.encode("utf-8"))
    assert policy.satisfied([w])


def test_a_group_counts_witnesses_and_groups_as_members() -> None:
    a, b, c = (WITNESSES[n] for n in ("X1", "X2", "X3"))
    text = (
        f"witness a {a.vkey()}\nwitness b {b.vkey()}\nwitness c {c.vkey()}\n"
        "group ab all a b\ngroup q 1 ab c\nquorum q\n"
    )
    policy = parse_policy(text)
    assert policy.satisfied([c])
    assert policy.satisfied([a, b])
    assert not policy.satisfied([a])


X1, X2 = WITNESSES["X1"].vkey(), WITNESSES["X2"].vkey()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(f"witness a {X1}\n", "exactly one quorum", id="no-quorum"),
        pytest.param(f"witness a {X1}\nquorum a\nquorum a\n", "exactly one", id="two-quorums"),
        pytest.param("quorum a\n", "not defined", id="undefined-quorum"),
        pytest.param(f"group g any a\nwitness a {X1}\nquorum g\n", "earlier line", id="later"),
        pytest.param(f"witness a {X1}\nwitness a {X2}\nquorum a\n", "defined already", id="twice"),
        pytest.param(f"witness a {X1}\nwitness b {X1}\nquorum a\n", "public key", id="dup-key"),
        pytest.param(f"witness none {X1}\nquorum none\n", "predefined", id="none-name"),
        pytest.param(f"witness a {X1}\ngroup g 2 a\nquorum g\n", "between 1 and 1", id="k>n"),
        pytest.param(f"witness a {X1}\ngroup g 0 a\nquorum g\n", "between 1", id="k=0"),
        pytest.param(f"witness a {X1}\ngroup g 01 a\nquorum g\n", "decimal", id="k-zero-pad"),
        pytest.param(f"witness a {X1}\ngroup g any a a\nquorum g\n", "at most once", id="dup-m"),
        pytest.param(f"witness a {X1}\ngroup g any\nquorum a\n", "group <name>", id="no-members"),
        pytest.param(f"witness a {LOG.vkey()}\nquorum a\n", "0x04", id="log-key-as-witness"),
        pytest.param(f"log {X1}\nquorum none\n", "0x01", id="witness-key-as-log"),
        pytest.param(f"log {LOG.vkey()}\nlog {LOG.vkey()}\nquorum none\n", "public key", id="log2"),
        pytest.param("witness a notakey\nquorum a\n", "verifier key", id="bad-vkey"),
        pytest.param("quorum none\r\n", "control characters", id="crlf"),
        pytest.param("monitor x\nquorum none\n", "unknown keyword", id="keyword"),
    ],
)
def test_invalid_policies_are_refused_naming_why(text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(text)

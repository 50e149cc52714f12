"""`autograder similarity`: copies rank first, honest work stays below the threshold, the
release's own code counts for nothing, and whatever a submission holds is escaped."""

import ast
import csv
import io
import keyword
import shutil
import tokenize
from pathlib import Path

import pytest
from conftest import EXAMPLES, RELEASE, run_cli


def renamed(code: str) -> str:
    """Every local name and argument renamed, every comment reworded (what a copier does)."""
    tree = ast.parse(code)
    local = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                    and isinstance(n.ctx, ast.Store)}
                   | {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments)
                      for a in n.args if a.arg != "self"})
    names = {name: f"my_{i}_{name[::-1]}" for i, name in enumerate(local)}
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.NAME and tok.string in names:
            tok = tok._replace(string=names[tok.string])
        elif tok.type == tokenize.COMMENT:
            tok = tok._replace(string="# my own comment")
        out.append(tok[:2])
    return tokenize.untokenize(out)


def reordered(code: str) -> str:
    """The same definitions in the opposite order (imports first)."""
    tree = ast.parse(code)
    lines = code.splitlines()
    blocks = [("\n".join(lines[n.lineno - 1 - len(getattr(n, "decorator_list", [])):
                               n.end_lineno]), isinstance(n, (ast.Import, ast.ImportFrom)))
              for n in tree.body]
    return "\n\n\n".join([b for b, imp in blocks if imp] + [b for b, imp in blocks if not imp][::-1])


def punctuated(code: str) -> str:
    """A trailing comma before the `)` of every call with arguments and the `]` of every list
    display, a `;` after every simple statement: the program is unchanged."""
    out, stack, previous = [], [], None
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.OP and tok.string in "([":
            call = tok.string == "(" and previous is not None and (
                previous.type == tokenize.NAME and not keyword.iskeyword(previous.string)
                or previous.string in ")]")
            display = tok.string == "[" and (previous is None or previous.type == tokenize.OP
                                             and previous.string not in ")]")
            stack.append(call or display)
        elif tok.type == tokenize.OP and tok.string in ")]":
            if stack.pop() and previous.string not in "([,":
                out.append((tokenize.OP, ","))
        elif tok.type == tokenize.NEWLINE and previous is not None and previous.string != ":" \
                and previous.type not in (tokenize.COMMENT, tokenize.NEWLINE):
            out.append((tokenize.OP, ";"))
        out.append(tok[:2])
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok
    return tokenize.untokenize(out)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cohort")
    for path in EXAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    alice = (EXAMPLES / "alice_correct_vectorised.py").read_text()
    eve = (EXAMPLES / "eve_bias_after_activation.py").read_text()
    (folder / "zoe_renamed_alice.py").write_text(renamed(alice))
    (folder / "yann_reordered_eve.py").write_text(reordered(eve))
    bob = (EXAMPLES / "bob_derivative_of_output.py").read_text()
    (folder / "xena_punctuated_bob.py").write_text(punctuated(bob))
    shutil.copy(RELEASE, folder / "blank1.ipynb")
    shutil.copy(RELEASE, folder / "blank2.ipynb")
    out = tmp_path_factory.mktemp("similarity")
    done = run_cli("similarity", folder, "--out", out)
    assert done.returncode == 0, done.stderr
    return folder, out


def rows(out: Path) -> list[dict]:
    with open(out / "similarity.csv", newline="") as f:
        return list(csv.DictReader(f))


def test_the_near_copies_rank_first_and_honest_pairs_stay_below_the_threshold(cohort):
    folder, out = cohort
    ranked = rows(out)
    top = [{r["student_a"], r["student_b"]} for r in ranked[:2]]
    top = [{r["student_a"], r["student_b"]} for r in ranked[:3]]
    assert {"alice_correct_vectorised", "zoe_renamed_alice"} in top
    assert {"eve_bias_after_activation", "yann_reordered_eve"} in top
    assert {"bob_derivative_of_output", "xena_punctuated_bob"} in top
    assert all(float(r["similarity"]) > 0.8 and r["above_threshold"] == "yes"
               for r in ranked[:3])
    assert all(float(r["similarity"]) < 0.5 and r["above_threshold"] == "no"
               for r in ranked[3:])
    assert len(ranked) == 10 * 9 // 2


def test_punctuation_sprinkled_over_a_copy_changes_neither_its_program_nor_its_rank(cohort):
    folder, out = cohort
    bob = (folder / "bob_derivative_of_output.py").read_text()
    xena = (folder / "xena_punctuated_bob.py").read_text()
    assert xena.count(";") > 20 and xena.count(",)") > 10
    assert ast.dump(ast.parse(bob)) == ast.dump(ast.parse(xena))
    [pair] = [r for r in rows(out) if {r["student_a"], r["student_b"]}
              == {"bob_derivative_of_output", "xena_punctuated_bob"}]
    assert float(pair["similarity"]) > 0.95


def test_the_release_is_boilerplate_two_untouched_notebooks_share_nothing(cohort):
    _, out = cohort
    [blanks] = [r for r in rows(out) if {r["student_a"], r["student_b"]} == {"blank1", "blank2"}]
    assert float(blanks["similarity"]) == 0


def test_the_report_shows_the_copies_side_by_side_with_their_matches_marked(cohort):
    _, out = cohort
    page = (out / "similarity.html").read_text()
    assert page.count("class='pair'") == 3
    assert "my_0_" in page and "<mark>" in page
    assert page.index("zoe_renamed_alice") < page.index("blank1")


def test_student_text_is_escaped_and_links_are_refused(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = ("def sigmoid(x):\n    '</pre><script>alert(1)</script>'\n"
               "    return 1 / (1 + 2.718281828 ** -x)  # <img src=x onerror=alert(2)>\n") * 3
    (folder / "mallory.py").write_text(hostile)
    (folder / "=HYPERLINK(1).py").write_text(hostile)
    (folder / "linked.py").symlink_to(EXAMPLES / "alice_correct_vectorised.py")
    out = tmp_path / "out"
    done = run_cli("similarity", folder, "--out", out, "--threshold", "0.3")
    assert done.returncode == 0, done.stderr
    page = (out / "similarity.html").read_text()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;/pre&gt;&lt;script&gt;" in page
    assert "linked" in page and "symbolic link" in page
    [row] = rows(out)
    assert row["student_a"].startswith("'=") or row["student_b"].startswith("'=")
    assert row["above_threshold"] == "yes"


def test_grade_all_writes_the_similarity_report_beside_the_gradebook(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("alice_correct_vectorised.py", "bob_derivative_of_output.py"):
        shutil.copy(EXAMPLES / name, folder / name)
    done = run_cli("grade-all", folder, "--out", tmp_path / "out", "--similarity")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "gradebook.csv").exists()
    assert len(rows(tmp_path / "out")) == 1
    assert f"similarity of 1 pairs: {tmp_path / 'out' / 'similarity.html'}" in done.stdout

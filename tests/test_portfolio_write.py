"""Writing a portfolio file: through symlinks, flushed to disk, and refusing unwritable text."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import stat
from decimal import Decimal

import pytest

import sroi
from sroi import lifecycle as lc

TERM = sroi.Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def _portfolio(title: str = "Road maintenance") -> sroi.Portfolio:
    contract = sroi.Contract(
        "2024-017",
        title,
        TERM,
        sroi.Organisation("Wegenbouw Oost B.V."),
        value_excl_vat=Decimal("1000000.00"),
    )
    history = lc.register(contract, recorded_on=dt.date(2023, 12, 1), role=lc.Role.BUYER)
    return sroi.Portfolio(contracts=(history,))


def test_writing_through_a_symlink_keeps_the_link_and_updates_its_target(
    tmp_path: pathlib.Path,
) -> None:
    real = tmp_path / "data" / "portfolio.json"
    real.parent.mkdir()
    sroi.dump_portfolio(_portfolio("First title"), real)
    link = tmp_path / "current.json"
    link.symlink_to(os.path.relpath(real, tmp_path))

    sroi.dump_portfolio(_portfolio("Second title"), link)

    assert link.is_symlink()
    assert link.resolve() == real.resolve()
    assert sroi.load_portfolio(real) == _portfolio("Second title")
    leftovers = [p.name for p in real.parent.iterdir() if p.name != "portfolio.json"]
    assert leftovers == []  # the temporary file went where the target is, and was renamed


def test_a_chain_of_symlinks_is_followed_to_the_file(tmp_path: pathlib.Path) -> None:
    real = tmp_path / "portfolio.json"
    sroi.dump_portfolio(_portfolio("First title"), real)
    (tmp_path / "one.json").symlink_to("portfolio.json")
    (tmp_path / "two.json").symlink_to("one.json")
    sroi.dump_portfolio(_portfolio("Other"), tmp_path / "two.json")
    assert (tmp_path / "two.json").is_symlink()
    assert (tmp_path / "one.json").is_symlink()
    assert sroi.load_portfolio(real) == _portfolio("Other")


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path: pathlib.Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("target.json")
    sroi.dump_portfolio(_portfolio(), link)
    assert link.is_symlink()
    assert sroi.load_portfolio(tmp_path / "target.json") == _portfolio()


def test_a_symlinked_target_keeps_its_mode(tmp_path: pathlib.Path) -> None:
    real = tmp_path / "portfolio.json"
    sroi.dump_portfolio(_portfolio(), real)
    real.chmod(0o640)
    (tmp_path / "link.json").symlink_to("portfolio.json")
    sroi.dump_portfolio(_portfolio("Other"), tmp_path / "link.json")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_the_file_and_its_folder_are_flushed_before_returning(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[tuple[bool, int]] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        info = os.fstat(descriptor)
        flushed.append((stat.S_ISDIR(info.st_mode), info.st_ino))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    target = tmp_path / "portfolio.json"
    sroi.dump_portfolio(_portfolio(), target)

    assert [is_dir for is_dir, _ in flushed] == [False, True]
    assert flushed[0][1] == target.stat().st_ino  # the file that was renamed into place
    assert flushed[1][1] == tmp_path.stat().st_ino


def test_a_failed_flush_leaves_the_old_file_and_no_temporary(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "portfolio.json"
    sroi.dump_portfolio(_portfolio("Old"), target)

    def failing_fsync(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        sroi.dump_portfolio(_portfolio("New"), target)
    monkeypatch.undo()
    assert sroi.load_portfolio(target) == _portfolio("Old")
    assert [p.name for p in tmp_path.iterdir()] == ["portfolio.json"]


def test_a_lone_surrogate_in_a_text_is_refused_naming_the_field(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "portfolio.json"
    with pytest.raises(sroi.ValidationError) as caught:
        sroi.dump_portfolio(_portfolio("Road \ud800 maintenance"), target)
    assert [e.field for e in caught.value.errors] == ["contracts[0].registration.contract.title"]
    assert not target.exists()
    with pytest.raises(sroi.ValidationError):
        sroi.dump_portfolio(_portfolio("Road \udcff maintenance"))  # also without a path


@pytest.mark.parametrize(
    "path", ["", "a\0b.json", "bad\udc80.json", b"portfolio.json", 42, ["x.json"]]
)
def test_a_path_that_is_not_usable_is_an_invalid_value(path: object) -> None:
    with pytest.raises(sroi.InvalidValueError) as caught:
        sroi.dump_portfolio(_portfolio(), path)  # type: ignore[arg-type]
    assert caught.value.field == "path"

"""Execute a real notebook (tests/notebooks/progress.ipynb) in a kernel and read its outputs.

This is what a user sees: the progress chart appears as an image by itself, and the items frame is
numeric. Needs nbclient and ipykernel (installed by the nox ``tests`` session) besides the
``notebook`` extra; skipped without them.
"""

from __future__ import annotations

import ast
import base64
import pathlib
from typing import Any

import pytest

pytest.importorskip("pandas")
pytest.importorskip("matplotlib")
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = pathlib.Path(__file__).resolve().parent / "notebooks" / "progress.ipynb"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def executed() -> Any:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "the notebook is stored without outputs"
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,  # a generous bound on a hung kernel, not a performance assertion
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return notebook


def _code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _result(cell: Any) -> dict[str, Any]:
    (output,) = [out for out in cell.outputs if out.output_type == "execute_result"]
    data: dict[str, Any] = output.data
    return data


def test_no_cell_raised_or_warned(executed: Any) -> None:
    for cell in _code_cells(executed):
        kinds = [output.output_type for output in cell.outputs]
        assert "error" not in kinds
        streams = [out for out in cell.outputs if out.output_type == "stream"]
        assert [out.name for out in streams if out.name == "stderr"] == [], cell.source


def test_the_chart_shows_itself_as_an_image(executed: Any) -> None:
    chart = _code_cells(executed)[1]
    assert "plot_progress" in chart.source
    data = _result(chart)
    assert "image/png" in data
    image = base64.b64decode(data["image/png"])
    assert image.startswith(PNG)
    assert len(image) > 20_000  # a drawn chart, not an empty canvas
    assert data["text/plain"] == "<ProgressChart MG-2024-001 at 2025-06-30>"


def test_the_items_frame_is_shown_as_a_numeric_table(executed: Any) -> None:
    cells = _code_cells(executed)
    table = _result(cells[2])
    assert '<table border="1" class="dataframe">' in table["text/html"]
    assert "P1" in table["text/html"]
    dtypes = ast.literal_eval(_result(cells[3])["text/plain"])
    assert {dtypes[column] for column in ("realised", "pending", "forecast")} == {"float64"}
    assert dtypes["first"].startswith("datetime64")
    assert dtypes["last"].startswith("datetime64")
    # realised / forecast computes: a mean share per route, NaN-free for the candidates
    means = _result(cells[4])["text/plain"].splitlines()
    assert means[0].split() == ["realised", "forecast", "share"]
    candidate = next(line for line in means if line.startswith("candidate"))
    assert "NaN" not in candidate.split()[-1]


def test_the_values_not_verified_are_listed(executed: Any) -> None:
    listed = _result(_code_cells(executed)[5])["text/html"]
    assert "full_time_hours" in listed
    assert "assumed" in listed

"""Every lab writes its numbers through explorer.text_format: in notes, status lines, plot
titles, cards and banners a minus is "−", never a hyphen before a digit."""

from __future__ import annotations

import re

from explorer.text_format import number

HYPHEN_NUMBER = re.compile(r"(?<![\w.])-\d|\de-\d")  # "-0.5", "1.2e-05"


def shown_texts(page) -> list[str]:
    page.flush()
    return [page.status_text(), page.notes.text()]


def test_no_lab_writes_a_hyphen_for_a_minus(window):
    pages = {page.key: page for page in window.pages}
    approximation = pages["approximation"]
    approximation.session.set_neuron(0, w=-3.5, b=-1.25, v=-0.8)
    approximation.session.update(output_bias=-0.4)
    depth = pages["depth"]
    depth.session.update(depth=30, activation="sigmoid")  # a gradient ratio of ~1e−20
    activations = pages["activations"]
    activations.session.select("tanh")
    texts = []
    for key in ("approximation", "depth", "activations"):
        window.select_lab(key)
        texts += shown_texts(pages[key])
    texts.append(depth.gradient_view._title)
    texts.append(activations.card.text())
    joined = "\n".join(texts)
    assert "−3.5x" in joined and "e−" in joined
    assert not HYPHEN_NUMBER.findall(joined), HYPHEN_NUMBER.findall(joined)


def test_the_status_line_quotes_the_shared_format(window):
    window.select_lab("approximation")
    page = window.current_page
    page.session.update(noise=0.2)
    page.flush()
    mse = page.session.snapshot().mse
    assert f"MSE {number(mse)}" in window.statusBar().currentMessage()

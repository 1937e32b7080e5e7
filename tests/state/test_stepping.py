"""train_within: steps until the count, the run's stop reason or the time budget."""

from explorer.state.stepping import train_within


def test_it_stops_at_the_count_or_at_the_runs_stop_reason():
    steps = []
    assert train_within(lambda: steps.append(1), lambda: None, 7) == 7 and len(steps) == 7
    reason = []

    def step() -> None:  # the third step diverges
        (reason.append("diverged") if len(steps) >= 9 else steps.append(1))

    stepped = train_within(step, lambda: reason[0] if reason else None, 100)
    assert stepped == 3 and reason == ["diverged"]


def test_a_zero_budget_takes_one_step():
    assert train_within(lambda: None, lambda: None, 100, budget_s=0.0) == 1

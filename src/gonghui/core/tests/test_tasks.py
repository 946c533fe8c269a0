"""Background tasks report progress that only the user who started them can follow."""

from __future__ import annotations

from gonghui.core.models import TaskProgress
from gonghui.core.tasks import start_tracked
from gonghui.core.tests.tasks_for_tests import count_to, fail_halfway


def _start(county, django_capture_on_commit_callbacks, task=count_to, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        progress = start_tracked(task, label="Import", owner=county.user("township1"), **kwargs)
    progress.refresh_from_db()
    return progress


def test_task_is_enqueued_only_after_commit_and_runs_to_done(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        progress = start_tracked(count_to, label="Import", owner=county.user("township1"), n=3)
    assert progress.state == TaskProgress.State.QUEUED and len(callbacks) == 1
    callbacks[0]()
    progress.refresh_from_db()
    assert progress.state == TaskProgress.State.DONE
    assert (progress.done, progress.total, progress.percent, progress.finished) == (3, 3, 100, True)


def test_a_failing_task_ends_failed_with_its_message(county, django_capture_on_commit_callbacks):
    progress = _start(county, django_capture_on_commit_callbacks, task=fail_halfway)
    assert progress.state == TaskProgress.State.FAILED
    assert progress.message == "row 6 is not valid"
    assert progress.percent == 50 and progress.finished


def test_owner_follows_progress_on_the_page_fragment(login, county, django_capture_on_commit_callbacks):
    progress = _start(county, django_capture_on_commit_callbacks, n=4)
    response = login("township1").get(f"/tasks/{progress.key}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "100%" in html and "4/4" in html
    assert "hx-get" not in html  # a finished task stops polling


def test_a_running_task_fragment_keeps_polling(login, county):
    progress = TaskProgress.objects.create(
        key="k1", label="Import", owner=county.user("township1"), total=10, done=3, state="running"
    )
    html = login("township1").get(f"/tasks/{progress.key}/").content.decode()
    assert "hx-get" in html and "30%" in html


def test_owner_follows_progress_through_the_api(api, county, django_capture_on_commit_callbacks):
    progress = _start(county, django_capture_on_commit_callbacks, n=2)
    response = api("township1").get(f"/api/v1/tasks/{progress.key}")
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["done"], body["total"], body["percent"]) == ("done", 2, 2, 100)


def test_other_users_get_404_for_someone_elses_task(login, api, county, django_capture_on_commit_callbacks):
    progress = _start(county, django_capture_on_commit_callbacks, n=1)
    for name in ("township2", "admin", "auditor"):
        assert api(name).get(f"/api/v1/tasks/{progress.key}").status_code == 404
    assert login("admin").get(f"/tasks/{progress.key}/").status_code == 404


def test_unknown_task_is_404(login, api, county):
    assert login("township1").get("/tasks/nope/").status_code == 404
    assert api("township1").get("/api/v1/tasks/nope").status_code == 404

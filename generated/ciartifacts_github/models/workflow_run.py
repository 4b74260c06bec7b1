from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.workflow_run_conclusion import WorkflowRunConclusion
from ..models.workflow_run_status import WorkflowRunStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.workflow_run_actor import WorkflowRunActor
    from ..models.workflow_run_head_commit_type_0 import WorkflowRunHeadCommitType0
    from ..models.workflow_run_head_repository import WorkflowRunHeadRepository
    from ..models.workflow_run_pull_requests_type_0_item import (
        WorkflowRunPullRequestsType0Item,
    )
    from ..models.workflow_run_referenced_workflows_type_0_item import (
        WorkflowRunReferencedWorkflowsType0Item,
    )
    from ..models.workflow_run_repository import WorkflowRunRepository
    from ..models.workflow_run_triggering_actor import WorkflowRunTriggeringActor


T = TypeVar("T", bound="WorkflowRun")


@_attrs_define
class WorkflowRun:
    """An invocation of a workflow. The nested objects (`actor`, `repository`, `head_commit`, ...)
    are left free-form: only the fields needed to choose a run are typed, and GitHub adds
    fields without notice (kept as additional properties).

        Attributes:
            id (int):
            node_id (str):
            head_branch (None | str):
            head_sha (str): The SHA of the head commit that points to the version of the workflow being run.
            path (str): The path of the workflow file, for example `.github/workflows/ci.yml`.
            display_title (str): The event-specific title of the run, or its `run-name`.
            run_number (int): The auto-incrementing run number of the workflow.
            event (str):
            status (None | str | WorkflowRunStatus): The run's status; null for some legacy runs.
            conclusion (None | str | WorkflowRunConclusion): The conclusion of a completed run; null until the run
                completes.
            workflow_id (int): The ID of the parent workflow.
            url (str):
            html_url (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            jobs_url (str):
            logs_url (str):
            check_suite_url (str):
            artifacts_url (str):
            cancel_url (str):
            rerun_url (str):
            workflow_url (str):
            head_commit (None | WorkflowRunHeadCommitType0): The head commit (`id`, `message`, `timestamp`, `author`,
                `committer`, ...).
            repository (WorkflowRunRepository): The repository the run belongs to (`id`, `full_name`, `owner`, ...).
            head_repository (WorkflowRunHeadRepository): The repository of the head commit; a fork's for pull requests from
                forks.
            pull_requests (list[WorkflowRunPullRequestsType0Item] | None): Open pull requests whose head matches the run
                (not necessarily what triggered it).
            name (None | str | Unset): The name of the workflow run.
            check_suite_id (int | Unset):
            check_suite_node_id (str | Unset):
            run_attempt (int | Unset): Attempt number of the run, 1 for the first attempt and higher after re-runs.
            run_started_at (datetime.datetime | Unset): The start time of the latest attempt. Resets on re-run.
            previous_attempt_url (None | str | Unset): The URL of the previous attempt of this run, if any.
            head_repository_id (int | Unset):
            actor (WorkflowRunActor | Unset): The user who started the run (`login`, `id`, `type`, ...).
            triggering_actor (WorkflowRunTriggeringActor | Unset): The user who started this attempt (differs from `actor`
                on re-runs).
            referenced_workflows (list[WorkflowRunReferencedWorkflowsType0Item] | None | Unset): Reusable workflows the run
                called (`path`, `sha`, `ref`).
    """

    id: int
    node_id: str
    head_branch: None | str
    head_sha: str
    path: str
    display_title: str
    run_number: int
    event: str
    status: None | str | WorkflowRunStatus
    conclusion: None | str | WorkflowRunConclusion
    workflow_id: int
    url: str
    html_url: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    jobs_url: str
    logs_url: str
    check_suite_url: str
    artifacts_url: str
    cancel_url: str
    rerun_url: str
    workflow_url: str
    head_commit: None | WorkflowRunHeadCommitType0
    repository: WorkflowRunRepository
    head_repository: WorkflowRunHeadRepository
    pull_requests: list[WorkflowRunPullRequestsType0Item] | None
    name: None | str | Unset = UNSET
    check_suite_id: int | Unset = UNSET
    check_suite_node_id: str | Unset = UNSET
    run_attempt: int | Unset = UNSET
    run_started_at: datetime.datetime | Unset = UNSET
    previous_attempt_url: None | str | Unset = UNSET
    head_repository_id: int | Unset = UNSET
    actor: WorkflowRunActor | Unset = UNSET
    triggering_actor: WorkflowRunTriggeringActor | Unset = UNSET
    referenced_workflows: list[WorkflowRunReferencedWorkflowsType0Item] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.workflow_run_head_commit_type_0 import WorkflowRunHeadCommitType0  # noqa: PLC0415

        id = self.id

        node_id = self.node_id

        head_branch: None | str
        head_branch = self.head_branch

        head_sha = self.head_sha

        path = self.path

        display_title = self.display_title

        run_number = self.run_number

        event = self.event

        status: None | str
        if isinstance(self.status, WorkflowRunStatus):
            status = self.status.value
        else:
            status = self.status

        conclusion: None | str
        if isinstance(self.conclusion, WorkflowRunConclusion):
            conclusion = self.conclusion.value
        else:
            conclusion = self.conclusion

        workflow_id = self.workflow_id

        url = self.url

        html_url = self.html_url

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        jobs_url = self.jobs_url

        logs_url = self.logs_url

        check_suite_url = self.check_suite_url

        artifacts_url = self.artifacts_url

        cancel_url = self.cancel_url

        rerun_url = self.rerun_url

        workflow_url = self.workflow_url

        head_commit: dict[str, Any] | None
        if isinstance(self.head_commit, WorkflowRunHeadCommitType0):
            head_commit = self.head_commit.to_dict()
        else:
            head_commit = self.head_commit

        repository = self.repository.to_dict()

        head_repository = self.head_repository.to_dict()

        pull_requests: list[dict[str, Any]] | None
        if isinstance(self.pull_requests, list):
            pull_requests = []
            for pull_requests_type_0_item_data in self.pull_requests:
                pull_requests_type_0_item = pull_requests_type_0_item_data.to_dict()
                pull_requests.append(pull_requests_type_0_item)

        else:
            pull_requests = self.pull_requests

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        check_suite_id = self.check_suite_id

        check_suite_node_id = self.check_suite_node_id

        run_attempt = self.run_attempt

        run_started_at: str | Unset = UNSET
        if not isinstance(self.run_started_at, Unset):
            run_started_at = self.run_started_at.isoformat()

        previous_attempt_url: None | str | Unset
        if isinstance(self.previous_attempt_url, Unset):
            previous_attempt_url = UNSET
        else:
            previous_attempt_url = self.previous_attempt_url

        head_repository_id = self.head_repository_id

        actor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.actor, Unset):
            actor = self.actor.to_dict()

        triggering_actor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.triggering_actor, Unset):
            triggering_actor = self.triggering_actor.to_dict()

        referenced_workflows: list[dict[str, Any]] | None | Unset
        if isinstance(self.referenced_workflows, Unset):
            referenced_workflows = UNSET
        elif isinstance(self.referenced_workflows, list):
            referenced_workflows = []
            for referenced_workflows_type_0_item_data in self.referenced_workflows:
                referenced_workflows_type_0_item = referenced_workflows_type_0_item_data.to_dict()
                referenced_workflows.append(referenced_workflows_type_0_item)

        else:
            referenced_workflows = self.referenced_workflows

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "node_id": node_id,
                "head_branch": head_branch,
                "head_sha": head_sha,
                "path": path,
                "display_title": display_title,
                "run_number": run_number,
                "event": event,
                "status": status,
                "conclusion": conclusion,
                "workflow_id": workflow_id,
                "url": url,
                "html_url": html_url,
                "created_at": created_at,
                "updated_at": updated_at,
                "jobs_url": jobs_url,
                "logs_url": logs_url,
                "check_suite_url": check_suite_url,
                "artifacts_url": artifacts_url,
                "cancel_url": cancel_url,
                "rerun_url": rerun_url,
                "workflow_url": workflow_url,
                "head_commit": head_commit,
                "repository": repository,
                "head_repository": head_repository,
                "pull_requests": pull_requests,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if check_suite_id is not UNSET:
            field_dict["check_suite_id"] = check_suite_id
        if check_suite_node_id is not UNSET:
            field_dict["check_suite_node_id"] = check_suite_node_id
        if run_attempt is not UNSET:
            field_dict["run_attempt"] = run_attempt
        if run_started_at is not UNSET:
            field_dict["run_started_at"] = run_started_at
        if previous_attempt_url is not UNSET:
            field_dict["previous_attempt_url"] = previous_attempt_url
        if head_repository_id is not UNSET:
            field_dict["head_repository_id"] = head_repository_id
        if actor is not UNSET:
            field_dict["actor"] = actor
        if triggering_actor is not UNSET:
            field_dict["triggering_actor"] = triggering_actor
        if referenced_workflows is not UNSET:
            field_dict["referenced_workflows"] = referenced_workflows

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.workflow_run_actor import WorkflowRunActor  # noqa: PLC0415
        from ..models.workflow_run_head_commit_type_0 import WorkflowRunHeadCommitType0  # noqa: PLC0415
        from ..models.workflow_run_head_repository import WorkflowRunHeadRepository  # noqa: PLC0415
        from ..models.workflow_run_pull_requests_type_0_item import (
            WorkflowRunPullRequestsType0Item,  # noqa: PLC0415
        )
        from ..models.workflow_run_referenced_workflows_type_0_item import (
            WorkflowRunReferencedWorkflowsType0Item,  # noqa: PLC0415
        )
        from ..models.workflow_run_repository import WorkflowRunRepository  # noqa: PLC0415
        from ..models.workflow_run_triggering_actor import WorkflowRunTriggeringActor  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        node_id = d.pop("node_id")

        def _parse_head_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        head_branch = _parse_head_branch(d.pop("head_branch"))

        head_sha = d.pop("head_sha")

        path = d.pop("path")

        display_title = d.pop("display_title")

        run_number = d.pop("run_number")

        event = d.pop("event")

        def _parse_status(data: object) -> None | str | WorkflowRunStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = WorkflowRunStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | str | WorkflowRunStatus, data)

        status = _parse_status(d.pop("status"))

        def _parse_conclusion(data: object) -> None | str | WorkflowRunConclusion:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                conclusion_type_0 = WorkflowRunConclusion(data)

                return conclusion_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | str | WorkflowRunConclusion, data)

        conclusion = _parse_conclusion(d.pop("conclusion"))

        workflow_id = d.pop("workflow_id")

        url = d.pop("url")

        html_url = d.pop("html_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        jobs_url = d.pop("jobs_url")

        logs_url = d.pop("logs_url")

        check_suite_url = d.pop("check_suite_url")

        artifacts_url = d.pop("artifacts_url")

        cancel_url = d.pop("cancel_url")

        rerun_url = d.pop("rerun_url")

        workflow_url = d.pop("workflow_url")

        def _parse_head_commit(data: object) -> None | WorkflowRunHeadCommitType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                head_commit_type_0 = WorkflowRunHeadCommitType0.from_dict(data)

                return head_commit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WorkflowRunHeadCommitType0, data)

        head_commit = _parse_head_commit(d.pop("head_commit"))

        repository = WorkflowRunRepository.from_dict(d.pop("repository"))

        head_repository = WorkflowRunHeadRepository.from_dict(d.pop("head_repository"))

        def _parse_pull_requests(data: object) -> list[WorkflowRunPullRequestsType0Item] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                pull_requests_type_0 = []
                _pull_requests_type_0 = data
                for pull_requests_type_0_item_data in _pull_requests_type_0:
                    pull_requests_type_0_item = WorkflowRunPullRequestsType0Item.from_dict(
                        pull_requests_type_0_item_data
                    )

                    pull_requests_type_0.append(pull_requests_type_0_item)

                return pull_requests_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WorkflowRunPullRequestsType0Item] | None, data)

        pull_requests = _parse_pull_requests(d.pop("pull_requests"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        check_suite_id = d.pop("check_suite_id", UNSET)

        check_suite_node_id = d.pop("check_suite_node_id", UNSET)

        run_attempt = d.pop("run_attempt", UNSET)

        _run_started_at = d.pop("run_started_at", UNSET)
        run_started_at: datetime.datetime | Unset
        if isinstance(_run_started_at, Unset):
            run_started_at = UNSET
        else:
            run_started_at = datetime.datetime.fromisoformat(_run_started_at)

        def _parse_previous_attempt_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous_attempt_url = _parse_previous_attempt_url(d.pop("previous_attempt_url", UNSET))

        head_repository_id = d.pop("head_repository_id", UNSET)

        _actor = d.pop("actor", UNSET)
        actor: WorkflowRunActor | Unset
        if isinstance(_actor, Unset):
            actor = UNSET
        else:
            actor = WorkflowRunActor.from_dict(_actor)

        _triggering_actor = d.pop("triggering_actor", UNSET)
        triggering_actor: WorkflowRunTriggeringActor | Unset
        if isinstance(_triggering_actor, Unset):
            triggering_actor = UNSET
        else:
            triggering_actor = WorkflowRunTriggeringActor.from_dict(_triggering_actor)

        def _parse_referenced_workflows(data: object) -> list[WorkflowRunReferencedWorkflowsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                referenced_workflows_type_0 = []
                _referenced_workflows_type_0 = data
                for referenced_workflows_type_0_item_data in _referenced_workflows_type_0:
                    referenced_workflows_type_0_item = WorkflowRunReferencedWorkflowsType0Item.from_dict(
                        referenced_workflows_type_0_item_data
                    )

                    referenced_workflows_type_0.append(referenced_workflows_type_0_item)

                return referenced_workflows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[WorkflowRunReferencedWorkflowsType0Item] | None | Unset, data)

        referenced_workflows = _parse_referenced_workflows(d.pop("referenced_workflows", UNSET))

        workflow_run = cls(
            id=id,
            node_id=node_id,
            head_branch=head_branch,
            head_sha=head_sha,
            path=path,
            display_title=display_title,
            run_number=run_number,
            event=event,
            status=status,
            conclusion=conclusion,
            workflow_id=workflow_id,
            url=url,
            html_url=html_url,
            created_at=created_at,
            updated_at=updated_at,
            jobs_url=jobs_url,
            logs_url=logs_url,
            check_suite_url=check_suite_url,
            artifacts_url=artifacts_url,
            cancel_url=cancel_url,
            rerun_url=rerun_url,
            workflow_url=workflow_url,
            head_commit=head_commit,
            repository=repository,
            head_repository=head_repository,
            pull_requests=pull_requests,
            name=name,
            check_suite_id=check_suite_id,
            check_suite_node_id=check_suite_node_id,
            run_attempt=run_attempt,
            run_started_at=run_started_at,
            previous_attempt_url=previous_attempt_url,
            head_repository_id=head_repository_id,
            actor=actor,
            triggering_actor=triggering_actor,
            referenced_workflows=referenced_workflows,
        )

        workflow_run.additional_properties = d
        return workflow_run

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

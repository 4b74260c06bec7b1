from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.build_state import BuildState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build_creator import BuildCreator
    from ..models.build_env import BuildEnv
    from ..models.build_meta_data import BuildMetaData
    from ..models.build_pipeline import BuildPipeline
    from ..models.build_pull_request import BuildPullRequest
    from ..models.build_reference import BuildReference
    from ..models.job import Job


T = TypeVar("T", bound="Build")


@_attrs_define
class Build:
    """One run of a pipeline.

    Attributes:
        id (str): The build's UUID (pipeline routes take `number` instead).
        url (str): Canonical API URL of the build.
        web_url (str): The build's page on Buildkite.
        number (int): Build number, unique within the pipeline; increases with each build (gaps possible).
        state (BuildState | str): The build's state.
        blocked (bool): Whether the build waits on a block step.
        commit (str): The commit being built (a full SHA, or `HEAD` until resolved).
        branch (str):
        created_at (datetime.datetime):
        graphql_id (str | Unset):
        cancel_reason (None | str | Unset):
        message (None | str | Unset): Commit message or custom message.
        env (BuildEnv | Unset): Environment variables given to the build.
        source (str | Unset): How the build was triggered, e.g. `webhook`, `api`, `ui`, `trigger_job`, `schedule`.
        creator (BuildCreator | None | Unset): The user who created the build; null when no user did.
        jobs (list[Job] | Unset): The build's jobs. Only the latest attempt of each step unless `include_retried_jobs`;
            absent with `exclude_jobs`.
        scheduled_at (datetime.datetime | None | Unset):
        started_at (datetime.datetime | None | Unset): When an agent started the build's first job.
        failing_at (datetime.datetime | None | Unset): When the build first entered the `failing` state.
        finished_at (datetime.datetime | None | Unset):
        meta_data (BuildMetaData | Unset): The build's meta-data, key to value.
        pull_request (BuildPullRequest | None | Unset): The pull request the build is for, if any.
        rebuilt_from (BuildReference | None | Unset): The build this one rebuilt, if any.
        pipeline (BuildPipeline | Unset): The build's pipeline (`id`, `url`, `name`, `slug`, `repository`, ...), as the
            API gives it.
    """

    id: str
    url: str
    web_url: str
    number: int
    state: BuildState | str
    blocked: bool
    commit: str
    branch: str
    created_at: datetime.datetime
    graphql_id: str | Unset = UNSET
    cancel_reason: None | str | Unset = UNSET
    message: None | str | Unset = UNSET
    env: BuildEnv | Unset = UNSET
    source: str | Unset = UNSET
    creator: BuildCreator | None | Unset = UNSET
    jobs: list[Job] | Unset = UNSET
    scheduled_at: datetime.datetime | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    failing_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    meta_data: BuildMetaData | Unset = UNSET
    pull_request: BuildPullRequest | None | Unset = UNSET
    rebuilt_from: BuildReference | None | Unset = UNSET
    pipeline: BuildPipeline | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.build_creator import BuildCreator  # noqa: PLC0415
        from ..models.build_pull_request import BuildPullRequest  # noqa: PLC0415
        from ..models.build_reference import BuildReference  # noqa: PLC0415

        id = self.id

        url = self.url

        web_url = self.web_url

        number = self.number

        state: str
        if isinstance(self.state, BuildState):
            state = self.state.value
        else:
            state = self.state

        blocked = self.blocked

        commit = self.commit

        branch = self.branch

        created_at = self.created_at.isoformat()

        graphql_id = self.graphql_id

        cancel_reason: None | str | Unset
        if isinstance(self.cancel_reason, Unset):
            cancel_reason = UNSET
        else:
            cancel_reason = self.cancel_reason

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        env: dict[str, Any] | Unset = UNSET
        if not isinstance(self.env, Unset):
            env = self.env.to_dict()

        source = self.source

        creator: dict[str, Any] | None | Unset
        if isinstance(self.creator, Unset):
            creator = UNSET
        elif isinstance(self.creator, BuildCreator):
            creator = self.creator.to_dict()
        else:
            creator = self.creator

        jobs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.jobs, Unset):
            jobs = []
            for jobs_item_data in self.jobs:
                jobs_item = jobs_item_data.to_dict()
                jobs.append(jobs_item)

        scheduled_at: None | str | Unset
        if isinstance(self.scheduled_at, Unset):
            scheduled_at = UNSET
        elif isinstance(self.scheduled_at, datetime.datetime):
            scheduled_at = self.scheduled_at.isoformat()
        else:
            scheduled_at = self.scheduled_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        failing_at: None | str | Unset
        if isinstance(self.failing_at, Unset):
            failing_at = UNSET
        elif isinstance(self.failing_at, datetime.datetime):
            failing_at = self.failing_at.isoformat()
        else:
            failing_at = self.failing_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        meta_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta_data, Unset):
            meta_data = self.meta_data.to_dict()

        pull_request: dict[str, Any] | None | Unset
        if isinstance(self.pull_request, Unset):
            pull_request = UNSET
        elif isinstance(self.pull_request, BuildPullRequest):
            pull_request = self.pull_request.to_dict()
        else:
            pull_request = self.pull_request

        rebuilt_from: dict[str, Any] | None | Unset
        if isinstance(self.rebuilt_from, Unset):
            rebuilt_from = UNSET
        elif isinstance(self.rebuilt_from, BuildReference):
            rebuilt_from = self.rebuilt_from.to_dict()
        else:
            rebuilt_from = self.rebuilt_from

        pipeline: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pipeline, Unset):
            pipeline = self.pipeline.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "web_url": web_url,
                "number": number,
                "state": state,
                "blocked": blocked,
                "commit": commit,
                "branch": branch,
                "created_at": created_at,
            }
        )
        if graphql_id is not UNSET:
            field_dict["graphql_id"] = graphql_id
        if cancel_reason is not UNSET:
            field_dict["cancel_reason"] = cancel_reason
        if message is not UNSET:
            field_dict["message"] = message
        if env is not UNSET:
            field_dict["env"] = env
        if source is not UNSET:
            field_dict["source"] = source
        if creator is not UNSET:
            field_dict["creator"] = creator
        if jobs is not UNSET:
            field_dict["jobs"] = jobs
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if failing_at is not UNSET:
            field_dict["failing_at"] = failing_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if meta_data is not UNSET:
            field_dict["meta_data"] = meta_data
        if pull_request is not UNSET:
            field_dict["pull_request"] = pull_request
        if rebuilt_from is not UNSET:
            field_dict["rebuilt_from"] = rebuilt_from
        if pipeline is not UNSET:
            field_dict["pipeline"] = pipeline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build_creator import BuildCreator  # noqa: PLC0415
        from ..models.build_env import BuildEnv  # noqa: PLC0415
        from ..models.build_meta_data import BuildMetaData  # noqa: PLC0415
        from ..models.build_pipeline import BuildPipeline  # noqa: PLC0415
        from ..models.build_pull_request import BuildPullRequest  # noqa: PLC0415
        from ..models.build_reference import BuildReference  # noqa: PLC0415
        from ..models.job import Job  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        url = d.pop("url")

        web_url = d.pop("web_url")

        number = d.pop("number")

        def _parse_state(data: object) -> BuildState | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = BuildState(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildState | str, data)

        state = _parse_state(d.pop("state"))

        blocked = d.pop("blocked")

        commit = d.pop("commit")

        branch = d.pop("branch")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        graphql_id = d.pop("graphql_id", UNSET)

        def _parse_cancel_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason", UNSET))

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))

        _env = d.pop("env", UNSET)
        env: BuildEnv | Unset
        if isinstance(_env, Unset):
            env = UNSET
        else:
            env = BuildEnv.from_dict(_env)

        source = d.pop("source", UNSET)

        def _parse_creator(data: object) -> BuildCreator | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                creator_type_0 = BuildCreator.from_dict(data)

                return creator_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildCreator | None | Unset, data)

        creator = _parse_creator(d.pop("creator", UNSET))

        _jobs = d.pop("jobs", UNSET)
        jobs: list[Job] | Unset = UNSET
        if _jobs is not UNSET:
            jobs = []
            for jobs_item_data in _jobs:
                jobs_item = Job.from_dict(jobs_item_data)

                jobs.append(jobs_item)

        def _parse_scheduled_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scheduled_at_type_0 = datetime.datetime.fromisoformat(data)

                return scheduled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        scheduled_at = _parse_scheduled_at(d.pop("scheduled_at", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_failing_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failing_at_type_0 = datetime.datetime.fromisoformat(data)

                return failing_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        failing_at = _parse_failing_at(d.pop("failing_at", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        _meta_data = d.pop("meta_data", UNSET)
        meta_data: BuildMetaData | Unset
        if isinstance(_meta_data, Unset):
            meta_data = UNSET
        else:
            meta_data = BuildMetaData.from_dict(_meta_data)

        def _parse_pull_request(data: object) -> BuildPullRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pull_request_type_0 = BuildPullRequest.from_dict(data)

                return pull_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildPullRequest | None | Unset, data)

        pull_request = _parse_pull_request(d.pop("pull_request", UNSET))

        def _parse_rebuilt_from(data: object) -> BuildReference | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rebuilt_from_type_0 = BuildReference.from_dict(data)

                return rebuilt_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildReference | None | Unset, data)

        rebuilt_from = _parse_rebuilt_from(d.pop("rebuilt_from", UNSET))

        _pipeline = d.pop("pipeline", UNSET)
        pipeline: BuildPipeline | Unset
        if isinstance(_pipeline, Unset):
            pipeline = UNSET
        else:
            pipeline = BuildPipeline.from_dict(_pipeline)

        build = cls(
            id=id,
            url=url,
            web_url=web_url,
            number=number,
            state=state,
            blocked=blocked,
            commit=commit,
            branch=branch,
            created_at=created_at,
            graphql_id=graphql_id,
            cancel_reason=cancel_reason,
            message=message,
            env=env,
            source=source,
            creator=creator,
            jobs=jobs,
            scheduled_at=scheduled_at,
            started_at=started_at,
            failing_at=failing_at,
            finished_at=finished_at,
            meta_data=meta_data,
            pull_request=pull_request,
            rebuilt_from=rebuilt_from,
            pipeline=pipeline,
        )

        build.additional_properties = d
        return build

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

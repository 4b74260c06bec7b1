from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_state import JobState
from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_agent import JobAgent
    from ..models.job_retry_source import JobRetrySource
    from ..models.job_step import JobStep
    from ..models.triggered_build import TriggeredBuild


T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """One job of a build: an attempt at a step. A retry is a new job in the same build; the
    attempt it replaces gets `retried: true` and `retried_in_job_id`. Waiter jobs carry little
    more than `id` and `type`.

        Attributes:
            id (str): The job's UUID (artifacts name it in `job_id`).
            type_ (JobType | str): The kind of step.
            graphql_id (str | Unset):
            name (None | str | Unset): Display name (may contain emoji codes).
            step_key (None | str | Unset): The step's `key`, if the pipeline gives one.
            group_key (None | str | Unset): The `key` of the group step the job belongs to.
            step (JobStep | Unset): The job's step (`id`, `signature`, ...), as the API gives it.
            priority (Any | Unset): The job's priority, as the API gives it.
            agent_query_rules (list[str] | Unset):
            state (JobState | str | Unset): The job's state.
            build_url (str | Unset):
            web_url (str | Unset):
            log_url (str | Unset):
            raw_log_url (str | Unset):
            artifact_url (str | Unset): API URL of the job's artifacts.
            command (None | str | Unset):
            soft_failed (bool | Unset):
            exit_status (int | None | Unset):
            signal (None | str | Unset):
            signal_reason (None | str | Unset):
            promised_exit_status (int | None | Unset):
            promised_exit_status_at (datetime.datetime | None | Unset):
            artifact_paths (None | str | Unset): The step's artifact upload globs.
            agent (JobAgent | None | Unset): The agent that ran the job, if one did.
            created_at (datetime.datetime | None | Unset):
            scheduled_at (datetime.datetime | None | Unset):
            runnable_at (datetime.datetime | None | Unset):
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            retried (bool | Unset): Whether a later attempt (`retried_in_job_id`) replaced this one.
            retried_in_job_id (None | str | Unset): The UUID of the job that retried this one.
            retries_count (int | None | Unset): How many times the step was retried before this attempt.
            retry_source (JobRetrySource | None | Unset): The attempt this job retries, if it is a retry.
            retry_type (None | str | Unset):
            parallel_group_index (int | None | Unset):
            parallel_group_total (int | None | Unset):
            matrix (Any | Unset): The matrix values of a matrix job (null otherwise).
            cluster_id (None | str | Unset):
            cluster_url (None | str | Unset):
            cluster_queue_id (None | str | Unset):
            cluster_queue_url (None | str | Unset):
            async_ (bool | Unset): Trigger jobs only; whether the triggered build runs asynchronously.
            triggered_build (None | TriggeredBuild | Unset): Trigger jobs only; the build it triggered (null until created).
    """

    id: str
    type_: JobType | str
    graphql_id: str | Unset = UNSET
    name: None | str | Unset = UNSET
    step_key: None | str | Unset = UNSET
    group_key: None | str | Unset = UNSET
    step: JobStep | Unset = UNSET
    priority: Any | Unset = UNSET
    agent_query_rules: list[str] | Unset = UNSET
    state: JobState | str | Unset = UNSET
    build_url: str | Unset = UNSET
    web_url: str | Unset = UNSET
    log_url: str | Unset = UNSET
    raw_log_url: str | Unset = UNSET
    artifact_url: str | Unset = UNSET
    command: None | str | Unset = UNSET
    soft_failed: bool | Unset = UNSET
    exit_status: int | None | Unset = UNSET
    signal: None | str | Unset = UNSET
    signal_reason: None | str | Unset = UNSET
    promised_exit_status: int | None | Unset = UNSET
    promised_exit_status_at: datetime.datetime | None | Unset = UNSET
    artifact_paths: None | str | Unset = UNSET
    agent: JobAgent | None | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    scheduled_at: datetime.datetime | None | Unset = UNSET
    runnable_at: datetime.datetime | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    retried: bool | Unset = UNSET
    retried_in_job_id: None | str | Unset = UNSET
    retries_count: int | None | Unset = UNSET
    retry_source: JobRetrySource | None | Unset = UNSET
    retry_type: None | str | Unset = UNSET
    parallel_group_index: int | None | Unset = UNSET
    parallel_group_total: int | None | Unset = UNSET
    matrix: Any | Unset = UNSET
    cluster_id: None | str | Unset = UNSET
    cluster_url: None | str | Unset = UNSET
    cluster_queue_id: None | str | Unset = UNSET
    cluster_queue_url: None | str | Unset = UNSET
    async_: bool | Unset = UNSET
    triggered_build: None | TriggeredBuild | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_agent import JobAgent  # noqa: PLC0415
        from ..models.job_retry_source import JobRetrySource  # noqa: PLC0415
        from ..models.triggered_build import TriggeredBuild  # noqa: PLC0415

        id = self.id

        type_: str
        if isinstance(self.type_, JobType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        graphql_id = self.graphql_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        step_key: None | str | Unset
        if isinstance(self.step_key, Unset):
            step_key = UNSET
        else:
            step_key = self.step_key

        group_key: None | str | Unset
        if isinstance(self.group_key, Unset):
            group_key = UNSET
        else:
            group_key = self.group_key

        step: dict[str, Any] | Unset = UNSET
        if not isinstance(self.step, Unset):
            step = self.step.to_dict()

        priority = self.priority

        agent_query_rules: list[str] | Unset = UNSET
        if not isinstance(self.agent_query_rules, Unset):
            agent_query_rules = self.agent_query_rules

        state: str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, JobState):
            state = self.state.value
        else:
            state = self.state

        build_url = self.build_url

        web_url = self.web_url

        log_url = self.log_url

        raw_log_url = self.raw_log_url

        artifact_url = self.artifact_url

        command: None | str | Unset
        if isinstance(self.command, Unset):
            command = UNSET
        else:
            command = self.command

        soft_failed = self.soft_failed

        exit_status: int | None | Unset
        if isinstance(self.exit_status, Unset):
            exit_status = UNSET
        else:
            exit_status = self.exit_status

        signal: None | str | Unset
        if isinstance(self.signal, Unset):
            signal = UNSET
        else:
            signal = self.signal

        signal_reason: None | str | Unset
        if isinstance(self.signal_reason, Unset):
            signal_reason = UNSET
        else:
            signal_reason = self.signal_reason

        promised_exit_status: int | None | Unset
        if isinstance(self.promised_exit_status, Unset):
            promised_exit_status = UNSET
        else:
            promised_exit_status = self.promised_exit_status

        promised_exit_status_at: None | str | Unset
        if isinstance(self.promised_exit_status_at, Unset):
            promised_exit_status_at = UNSET
        elif isinstance(self.promised_exit_status_at, datetime.datetime):
            promised_exit_status_at = self.promised_exit_status_at.isoformat()
        else:
            promised_exit_status_at = self.promised_exit_status_at

        artifact_paths: None | str | Unset
        if isinstance(self.artifact_paths, Unset):
            artifact_paths = UNSET
        else:
            artifact_paths = self.artifact_paths

        agent: dict[str, Any] | None | Unset
        if isinstance(self.agent, Unset):
            agent = UNSET
        elif isinstance(self.agent, JobAgent):
            agent = self.agent.to_dict()
        else:
            agent = self.agent

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        scheduled_at: None | str | Unset
        if isinstance(self.scheduled_at, Unset):
            scheduled_at = UNSET
        elif isinstance(self.scheduled_at, datetime.datetime):
            scheduled_at = self.scheduled_at.isoformat()
        else:
            scheduled_at = self.scheduled_at

        runnable_at: None | str | Unset
        if isinstance(self.runnable_at, Unset):
            runnable_at = UNSET
        elif isinstance(self.runnable_at, datetime.datetime):
            runnable_at = self.runnable_at.isoformat()
        else:
            runnable_at = self.runnable_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        retried = self.retried

        retried_in_job_id: None | str | Unset
        if isinstance(self.retried_in_job_id, Unset):
            retried_in_job_id = UNSET
        else:
            retried_in_job_id = self.retried_in_job_id

        retries_count: int | None | Unset
        if isinstance(self.retries_count, Unset):
            retries_count = UNSET
        else:
            retries_count = self.retries_count

        retry_source: dict[str, Any] | None | Unset
        if isinstance(self.retry_source, Unset):
            retry_source = UNSET
        elif isinstance(self.retry_source, JobRetrySource):
            retry_source = self.retry_source.to_dict()
        else:
            retry_source = self.retry_source

        retry_type: None | str | Unset
        if isinstance(self.retry_type, Unset):
            retry_type = UNSET
        else:
            retry_type = self.retry_type

        parallel_group_index: int | None | Unset
        if isinstance(self.parallel_group_index, Unset):
            parallel_group_index = UNSET
        else:
            parallel_group_index = self.parallel_group_index

        parallel_group_total: int | None | Unset
        if isinstance(self.parallel_group_total, Unset):
            parallel_group_total = UNSET
        else:
            parallel_group_total = self.parallel_group_total

        matrix = self.matrix

        cluster_id: None | str | Unset
        if isinstance(self.cluster_id, Unset):
            cluster_id = UNSET
        else:
            cluster_id = self.cluster_id

        cluster_url: None | str | Unset
        if isinstance(self.cluster_url, Unset):
            cluster_url = UNSET
        else:
            cluster_url = self.cluster_url

        cluster_queue_id: None | str | Unset
        if isinstance(self.cluster_queue_id, Unset):
            cluster_queue_id = UNSET
        else:
            cluster_queue_id = self.cluster_queue_id

        cluster_queue_url: None | str | Unset
        if isinstance(self.cluster_queue_url, Unset):
            cluster_queue_url = UNSET
        else:
            cluster_queue_url = self.cluster_queue_url

        async_ = self.async_

        triggered_build: dict[str, Any] | None | Unset
        if isinstance(self.triggered_build, Unset):
            triggered_build = UNSET
        elif isinstance(self.triggered_build, TriggeredBuild):
            triggered_build = self.triggered_build.to_dict()
        else:
            triggered_build = self.triggered_build

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
            }
        )
        if graphql_id is not UNSET:
            field_dict["graphql_id"] = graphql_id
        if name is not UNSET:
            field_dict["name"] = name
        if step_key is not UNSET:
            field_dict["step_key"] = step_key
        if group_key is not UNSET:
            field_dict["group_key"] = group_key
        if step is not UNSET:
            field_dict["step"] = step
        if priority is not UNSET:
            field_dict["priority"] = priority
        if agent_query_rules is not UNSET:
            field_dict["agent_query_rules"] = agent_query_rules
        if state is not UNSET:
            field_dict["state"] = state
        if build_url is not UNSET:
            field_dict["build_url"] = build_url
        if web_url is not UNSET:
            field_dict["web_url"] = web_url
        if log_url is not UNSET:
            field_dict["log_url"] = log_url
        if raw_log_url is not UNSET:
            field_dict["raw_log_url"] = raw_log_url
        if artifact_url is not UNSET:
            field_dict["artifact_url"] = artifact_url
        if command is not UNSET:
            field_dict["command"] = command
        if soft_failed is not UNSET:
            field_dict["soft_failed"] = soft_failed
        if exit_status is not UNSET:
            field_dict["exit_status"] = exit_status
        if signal is not UNSET:
            field_dict["signal"] = signal
        if signal_reason is not UNSET:
            field_dict["signal_reason"] = signal_reason
        if promised_exit_status is not UNSET:
            field_dict["promised_exit_status"] = promised_exit_status
        if promised_exit_status_at is not UNSET:
            field_dict["promised_exit_status_at"] = promised_exit_status_at
        if artifact_paths is not UNSET:
            field_dict["artifact_paths"] = artifact_paths
        if agent is not UNSET:
            field_dict["agent"] = agent
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if scheduled_at is not UNSET:
            field_dict["scheduled_at"] = scheduled_at
        if runnable_at is not UNSET:
            field_dict["runnable_at"] = runnable_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if retried is not UNSET:
            field_dict["retried"] = retried
        if retried_in_job_id is not UNSET:
            field_dict["retried_in_job_id"] = retried_in_job_id
        if retries_count is not UNSET:
            field_dict["retries_count"] = retries_count
        if retry_source is not UNSET:
            field_dict["retry_source"] = retry_source
        if retry_type is not UNSET:
            field_dict["retry_type"] = retry_type
        if parallel_group_index is not UNSET:
            field_dict["parallel_group_index"] = parallel_group_index
        if parallel_group_total is not UNSET:
            field_dict["parallel_group_total"] = parallel_group_total
        if matrix is not UNSET:
            field_dict["matrix"] = matrix
        if cluster_id is not UNSET:
            field_dict["cluster_id"] = cluster_id
        if cluster_url is not UNSET:
            field_dict["cluster_url"] = cluster_url
        if cluster_queue_id is not UNSET:
            field_dict["cluster_queue_id"] = cluster_queue_id
        if cluster_queue_url is not UNSET:
            field_dict["cluster_queue_url"] = cluster_queue_url
        if async_ is not UNSET:
            field_dict["async"] = async_
        if triggered_build is not UNSET:
            field_dict["triggered_build"] = triggered_build

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_agent import JobAgent  # noqa: PLC0415
        from ..models.job_retry_source import JobRetrySource  # noqa: PLC0415
        from ..models.job_step import JobStep  # noqa: PLC0415
        from ..models.triggered_build import TriggeredBuild  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_type_(data: object) -> JobType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = JobType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobType | str, data)

        type_ = _parse_type_(d.pop("type"))

        graphql_id = d.pop("graphql_id", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_step_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        step_key = _parse_step_key(d.pop("step_key", UNSET))

        def _parse_group_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group_key = _parse_group_key(d.pop("group_key", UNSET))

        _step = d.pop("step", UNSET)
        step: JobStep | Unset
        if isinstance(_step, Unset):
            step = UNSET
        else:
            step = JobStep.from_dict(_step)

        priority = d.pop("priority", UNSET)

        agent_query_rules = cast(list[str], d.pop("agent_query_rules", UNSET))

        def _parse_state(data: object) -> JobState | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = JobState(data)

                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobState | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        build_url = d.pop("build_url", UNSET)

        web_url = d.pop("web_url", UNSET)

        log_url = d.pop("log_url", UNSET)

        raw_log_url = d.pop("raw_log_url", UNSET)

        artifact_url = d.pop("artifact_url", UNSET)

        def _parse_command(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        command = _parse_command(d.pop("command", UNSET))

        soft_failed = d.pop("soft_failed", UNSET)

        def _parse_exit_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        exit_status = _parse_exit_status(d.pop("exit_status", UNSET))

        def _parse_signal(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signal = _parse_signal(d.pop("signal", UNSET))

        def _parse_signal_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signal_reason = _parse_signal_reason(d.pop("signal_reason", UNSET))

        def _parse_promised_exit_status(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        promised_exit_status = _parse_promised_exit_status(d.pop("promised_exit_status", UNSET))

        def _parse_promised_exit_status_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promised_exit_status_at_type_0 = datetime.datetime.fromisoformat(data)

                return promised_exit_status_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        promised_exit_status_at = _parse_promised_exit_status_at(d.pop("promised_exit_status_at", UNSET))

        def _parse_artifact_paths(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        artifact_paths = _parse_artifact_paths(d.pop("artifact_paths", UNSET))

        def _parse_agent(data: object) -> JobAgent | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                agent_type_0 = JobAgent.from_dict(data)

                return agent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobAgent | None | Unset, data)

        agent = _parse_agent(d.pop("agent", UNSET))

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

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

        def _parse_runnable_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                runnable_at_type_0 = datetime.datetime.fromisoformat(data)

                return runnable_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        runnable_at = _parse_runnable_at(d.pop("runnable_at", UNSET))

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

        retried = d.pop("retried", UNSET)

        def _parse_retried_in_job_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        retried_in_job_id = _parse_retried_in_job_id(d.pop("retried_in_job_id", UNSET))

        def _parse_retries_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retries_count = _parse_retries_count(d.pop("retries_count", UNSET))

        def _parse_retry_source(data: object) -> JobRetrySource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                retry_source_type_0 = JobRetrySource.from_dict(data)

                return retry_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobRetrySource | None | Unset, data)

        retry_source = _parse_retry_source(d.pop("retry_source", UNSET))

        def _parse_retry_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        retry_type = _parse_retry_type(d.pop("retry_type", UNSET))

        def _parse_parallel_group_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parallel_group_index = _parse_parallel_group_index(d.pop("parallel_group_index", UNSET))

        def _parse_parallel_group_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parallel_group_total = _parse_parallel_group_total(d.pop("parallel_group_total", UNSET))

        matrix = d.pop("matrix", UNSET)

        def _parse_cluster_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cluster_id = _parse_cluster_id(d.pop("cluster_id", UNSET))

        def _parse_cluster_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cluster_url = _parse_cluster_url(d.pop("cluster_url", UNSET))

        def _parse_cluster_queue_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cluster_queue_id = _parse_cluster_queue_id(d.pop("cluster_queue_id", UNSET))

        def _parse_cluster_queue_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cluster_queue_url = _parse_cluster_queue_url(d.pop("cluster_queue_url", UNSET))

        async_ = d.pop("async", UNSET)

        def _parse_triggered_build(data: object) -> None | TriggeredBuild | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                triggered_build_type_0 = TriggeredBuild.from_dict(data)

                return triggered_build_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TriggeredBuild | Unset, data)

        triggered_build = _parse_triggered_build(d.pop("triggered_build", UNSET))

        job = cls(
            id=id,
            type_=type_,
            graphql_id=graphql_id,
            name=name,
            step_key=step_key,
            group_key=group_key,
            step=step,
            priority=priority,
            agent_query_rules=agent_query_rules,
            state=state,
            build_url=build_url,
            web_url=web_url,
            log_url=log_url,
            raw_log_url=raw_log_url,
            artifact_url=artifact_url,
            command=command,
            soft_failed=soft_failed,
            exit_status=exit_status,
            signal=signal,
            signal_reason=signal_reason,
            promised_exit_status=promised_exit_status,
            promised_exit_status_at=promised_exit_status_at,
            artifact_paths=artifact_paths,
            agent=agent,
            created_at=created_at,
            scheduled_at=scheduled_at,
            runnable_at=runnable_at,
            started_at=started_at,
            finished_at=finished_at,
            retried=retried,
            retried_in_job_id=retried_in_job_id,
            retries_count=retries_count,
            retry_source=retry_source,
            retry_type=retry_type,
            parallel_group_index=parallel_group_index,
            parallel_group_total=parallel_group_total,
            matrix=matrix,
            cluster_id=cluster_id,
            cluster_url=cluster_url,
            cluster_queue_id=cluster_queue_id,
            cluster_queue_url=cluster_queue_url,
            async_=async_,
            triggered_build=triggered_build,
        )

        job.additional_properties = d
        return job

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

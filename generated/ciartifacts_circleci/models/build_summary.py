from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.build_lifecycle import BuildLifecycle
from ..models.build_outcome import BuildOutcome
from ..models.build_status import BuildStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build_pull_request import BuildPullRequest
    from ..models.build_user import BuildUser
    from ..models.build_workflows import BuildWorkflows
    from ..models.previous_build import PreviousBuild


T = TypeVar("T", bound="BuildSummary")


@_attrs_define
class BuildSummary:
    """One job ("build") of a project, as recent-builds listings give it.

    Attributes:
        build_num (int): The job's number in the project (what the artifact routes take).
        build_url (str): The job's page on CircleCI.
        branch (None | str): The branch built (null for a tag build).
        vcs_revision (str): The commit built (full SHA).
        status (BuildStatus | str): The job's status.
        lifecycle (BuildLifecycle | str): Where the job is in its life.
        vcs_url (str | Unset):
        username (str | Unset):
        reponame (str | Unset):
        vcs_tag (None | str | Unset):
        outcome (BuildOutcome | None | str | Unset): How the job ended; null until it finishes.
        queued_at (datetime.datetime | None | Unset):
        usage_queued_at (datetime.datetime | None | Unset):
        start_time (datetime.datetime | None | Unset): When the job started running; null until it does.
        stop_time (datetime.datetime | None | Unset): When the job stopped running; null until it does.
        build_time_millis (int | None | Unset):
        committer_name (None | str | Unset):
        committer_email (None | str | Unset):
        committer_date (datetime.datetime | None | Unset):
        author_name (None | str | Unset):
        author_email (None | str | Unset):
        author_date (datetime.datetime | None | Unset):
        subject (None | str | Unset): The commit message's first line.
        body (None | str | Unset): The rest of the commit message.
        why (None | str | Unset): Why the job ran, e.g. `github`, `api`, `retry`.
        dont_build (None | str | Unset): Why the job did not run, if it did not.
        retry_of (int | None | Unset): The `build_num` this job retries.
        previous (None | PreviousBuild | Unset): The project's previous job (absent with `shallow`).
        parallel (int | Unset): How many parallel nodes the job ran on.
        platform (str | Unset): `2.0` for jobs of a workflow.
        fleet (None | str | Unset):
        user (BuildUser | Unset): The user the job ran for.
        workflows (BuildWorkflows | Unset): The workflow this job belongs to (in spite of the plural, one workflow).
        pull_requests (list[BuildPullRequest] | Unset):
    """

    build_num: int
    build_url: str
    branch: None | str
    vcs_revision: str
    status: BuildStatus | str
    lifecycle: BuildLifecycle | str
    vcs_url: str | Unset = UNSET
    username: str | Unset = UNSET
    reponame: str | Unset = UNSET
    vcs_tag: None | str | Unset = UNSET
    outcome: BuildOutcome | None | str | Unset = UNSET
    queued_at: datetime.datetime | None | Unset = UNSET
    usage_queued_at: datetime.datetime | None | Unset = UNSET
    start_time: datetime.datetime | None | Unset = UNSET
    stop_time: datetime.datetime | None | Unset = UNSET
    build_time_millis: int | None | Unset = UNSET
    committer_name: None | str | Unset = UNSET
    committer_email: None | str | Unset = UNSET
    committer_date: datetime.datetime | None | Unset = UNSET
    author_name: None | str | Unset = UNSET
    author_email: None | str | Unset = UNSET
    author_date: datetime.datetime | None | Unset = UNSET
    subject: None | str | Unset = UNSET
    body: None | str | Unset = UNSET
    why: None | str | Unset = UNSET
    dont_build: None | str | Unset = UNSET
    retry_of: int | None | Unset = UNSET
    previous: None | PreviousBuild | Unset = UNSET
    parallel: int | Unset = UNSET
    platform: str | Unset = UNSET
    fleet: None | str | Unset = UNSET
    user: BuildUser | Unset = UNSET
    workflows: BuildWorkflows | Unset = UNSET
    pull_requests: list[BuildPullRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.previous_build import PreviousBuild  # noqa: PLC0415

        build_num = self.build_num

        build_url = self.build_url

        branch: None | str
        branch = self.branch

        vcs_revision = self.vcs_revision

        status: str
        if isinstance(self.status, BuildStatus):
            status = self.status.value
        else:
            status = self.status

        lifecycle: str
        if isinstance(self.lifecycle, BuildLifecycle):
            lifecycle = self.lifecycle.value
        else:
            lifecycle = self.lifecycle

        vcs_url = self.vcs_url

        username = self.username

        reponame = self.reponame

        vcs_tag: None | str | Unset
        if isinstance(self.vcs_tag, Unset):
            vcs_tag = UNSET
        else:
            vcs_tag = self.vcs_tag

        outcome: None | str | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, BuildOutcome):
            outcome = self.outcome.value
        else:
            outcome = self.outcome

        queued_at: None | str | Unset
        if isinstance(self.queued_at, Unset):
            queued_at = UNSET
        elif isinstance(self.queued_at, datetime.datetime):
            queued_at = self.queued_at.isoformat()
        else:
            queued_at = self.queued_at

        usage_queued_at: None | str | Unset
        if isinstance(self.usage_queued_at, Unset):
            usage_queued_at = UNSET
        elif isinstance(self.usage_queued_at, datetime.datetime):
            usage_queued_at = self.usage_queued_at.isoformat()
        else:
            usage_queued_at = self.usage_queued_at

        start_time: None | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        elif isinstance(self.start_time, datetime.datetime):
            start_time = self.start_time.isoformat()
        else:
            start_time = self.start_time

        stop_time: None | str | Unset
        if isinstance(self.stop_time, Unset):
            stop_time = UNSET
        elif isinstance(self.stop_time, datetime.datetime):
            stop_time = self.stop_time.isoformat()
        else:
            stop_time = self.stop_time

        build_time_millis: int | None | Unset
        if isinstance(self.build_time_millis, Unset):
            build_time_millis = UNSET
        else:
            build_time_millis = self.build_time_millis

        committer_name: None | str | Unset
        if isinstance(self.committer_name, Unset):
            committer_name = UNSET
        else:
            committer_name = self.committer_name

        committer_email: None | str | Unset
        if isinstance(self.committer_email, Unset):
            committer_email = UNSET
        else:
            committer_email = self.committer_email

        committer_date: None | str | Unset
        if isinstance(self.committer_date, Unset):
            committer_date = UNSET
        elif isinstance(self.committer_date, datetime.datetime):
            committer_date = self.committer_date.isoformat()
        else:
            committer_date = self.committer_date

        author_name: None | str | Unset
        if isinstance(self.author_name, Unset):
            author_name = UNSET
        else:
            author_name = self.author_name

        author_email: None | str | Unset
        if isinstance(self.author_email, Unset):
            author_email = UNSET
        else:
            author_email = self.author_email

        author_date: None | str | Unset
        if isinstance(self.author_date, Unset):
            author_date = UNSET
        elif isinstance(self.author_date, datetime.datetime):
            author_date = self.author_date.isoformat()
        else:
            author_date = self.author_date

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        body: None | str | Unset
        if isinstance(self.body, Unset):
            body = UNSET
        else:
            body = self.body

        why: None | str | Unset
        if isinstance(self.why, Unset):
            why = UNSET
        else:
            why = self.why

        dont_build: None | str | Unset
        if isinstance(self.dont_build, Unset):
            dont_build = UNSET
        else:
            dont_build = self.dont_build

        retry_of: int | None | Unset
        if isinstance(self.retry_of, Unset):
            retry_of = UNSET
        else:
            retry_of = self.retry_of

        previous: dict[str, Any] | None | Unset
        if isinstance(self.previous, Unset):
            previous = UNSET
        elif isinstance(self.previous, PreviousBuild):
            previous = self.previous.to_dict()
        else:
            previous = self.previous

        parallel = self.parallel

        platform = self.platform

        fleet: None | str | Unset
        if isinstance(self.fleet, Unset):
            fleet = UNSET
        else:
            fleet = self.fleet

        user: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user, Unset):
            user = self.user.to_dict()

        workflows: dict[str, Any] | Unset = UNSET
        if not isinstance(self.workflows, Unset):
            workflows = self.workflows.to_dict()

        pull_requests: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.pull_requests, Unset):
            pull_requests = []
            for pull_requests_item_data in self.pull_requests:
                pull_requests_item = pull_requests_item_data.to_dict()
                pull_requests.append(pull_requests_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "build_num": build_num,
                "build_url": build_url,
                "branch": branch,
                "vcs_revision": vcs_revision,
                "status": status,
                "lifecycle": lifecycle,
            }
        )
        if vcs_url is not UNSET:
            field_dict["vcs_url"] = vcs_url
        if username is not UNSET:
            field_dict["username"] = username
        if reponame is not UNSET:
            field_dict["reponame"] = reponame
        if vcs_tag is not UNSET:
            field_dict["vcs_tag"] = vcs_tag
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if queued_at is not UNSET:
            field_dict["queued_at"] = queued_at
        if usage_queued_at is not UNSET:
            field_dict["usage_queued_at"] = usage_queued_at
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if stop_time is not UNSET:
            field_dict["stop_time"] = stop_time
        if build_time_millis is not UNSET:
            field_dict["build_time_millis"] = build_time_millis
        if committer_name is not UNSET:
            field_dict["committer_name"] = committer_name
        if committer_email is not UNSET:
            field_dict["committer_email"] = committer_email
        if committer_date is not UNSET:
            field_dict["committer_date"] = committer_date
        if author_name is not UNSET:
            field_dict["author_name"] = author_name
        if author_email is not UNSET:
            field_dict["author_email"] = author_email
        if author_date is not UNSET:
            field_dict["author_date"] = author_date
        if subject is not UNSET:
            field_dict["subject"] = subject
        if body is not UNSET:
            field_dict["body"] = body
        if why is not UNSET:
            field_dict["why"] = why
        if dont_build is not UNSET:
            field_dict["dont_build"] = dont_build
        if retry_of is not UNSET:
            field_dict["retry_of"] = retry_of
        if previous is not UNSET:
            field_dict["previous"] = previous
        if parallel is not UNSET:
            field_dict["parallel"] = parallel
        if platform is not UNSET:
            field_dict["platform"] = platform
        if fleet is not UNSET:
            field_dict["fleet"] = fleet
        if user is not UNSET:
            field_dict["user"] = user
        if workflows is not UNSET:
            field_dict["workflows"] = workflows
        if pull_requests is not UNSET:
            field_dict["pull_requests"] = pull_requests

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build_pull_request import BuildPullRequest  # noqa: PLC0415
        from ..models.build_user import BuildUser  # noqa: PLC0415
        from ..models.build_workflows import BuildWorkflows  # noqa: PLC0415
        from ..models.previous_build import PreviousBuild  # noqa: PLC0415

        d = dict(src_dict)
        build_num = d.pop("build_num")

        build_url = d.pop("build_url")

        def _parse_branch(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        branch = _parse_branch(d.pop("branch"))

        vcs_revision = d.pop("vcs_revision")

        def _parse_status(data: object) -> BuildStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = BuildStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildStatus | str, data)

        status = _parse_status(d.pop("status"))

        def _parse_lifecycle(data: object) -> BuildLifecycle | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                lifecycle_type_0 = BuildLifecycle(data)

                return lifecycle_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildLifecycle | str, data)

        lifecycle = _parse_lifecycle(d.pop("lifecycle"))

        vcs_url = d.pop("vcs_url", UNSET)

        username = d.pop("username", UNSET)

        reponame = d.pop("reponame", UNSET)

        def _parse_vcs_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vcs_tag = _parse_vcs_tag(d.pop("vcs_tag", UNSET))

        def _parse_outcome(data: object) -> BuildOutcome | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                outcome_type_0 = BuildOutcome(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BuildOutcome | None | str | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_queued_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_at_type_0 = datetime.datetime.fromisoformat(data)

                return queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        queued_at = _parse_queued_at(d.pop("queued_at", UNSET))

        def _parse_usage_queued_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                usage_queued_at_type_0 = datetime.datetime.fromisoformat(data)

                return usage_queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        usage_queued_at = _parse_usage_queued_at(d.pop("usage_queued_at", UNSET))

        def _parse_start_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_time_type_0 = datetime.datetime.fromisoformat(data)

                return start_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start_time = _parse_start_time(d.pop("start_time", UNSET))

        def _parse_stop_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stop_time_type_0 = datetime.datetime.fromisoformat(data)

                return stop_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        stop_time = _parse_stop_time(d.pop("stop_time", UNSET))

        def _parse_build_time_millis(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        build_time_millis = _parse_build_time_millis(d.pop("build_time_millis", UNSET))

        def _parse_committer_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        committer_name = _parse_committer_name(d.pop("committer_name", UNSET))

        def _parse_committer_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        committer_email = _parse_committer_email(d.pop("committer_email", UNSET))

        def _parse_committer_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                committer_date_type_0 = datetime.datetime.fromisoformat(data)

                return committer_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        committer_date = _parse_committer_date(d.pop("committer_date", UNSET))

        def _parse_author_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_name = _parse_author_name(d.pop("author_name", UNSET))

        def _parse_author_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_email = _parse_author_email(d.pop("author_email", UNSET))

        def _parse_author_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                author_date_type_0 = datetime.datetime.fromisoformat(data)

                return author_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        author_date = _parse_author_date(d.pop("author_date", UNSET))

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        def _parse_body(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body = _parse_body(d.pop("body", UNSET))

        def _parse_why(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        why = _parse_why(d.pop("why", UNSET))

        def _parse_dont_build(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dont_build = _parse_dont_build(d.pop("dont_build", UNSET))

        def _parse_retry_of(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        retry_of = _parse_retry_of(d.pop("retry_of", UNSET))

        def _parse_previous(data: object) -> None | PreviousBuild | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                previous_type_0 = PreviousBuild.from_dict(data)

                return previous_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PreviousBuild | Unset, data)

        previous = _parse_previous(d.pop("previous", UNSET))

        parallel = d.pop("parallel", UNSET)

        platform = d.pop("platform", UNSET)

        def _parse_fleet(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fleet = _parse_fleet(d.pop("fleet", UNSET))

        _user = d.pop("user", UNSET)
        user: BuildUser | Unset
        if isinstance(_user, Unset):
            user = UNSET
        else:
            user = BuildUser.from_dict(_user)

        _workflows = d.pop("workflows", UNSET)
        workflows: BuildWorkflows | Unset
        if isinstance(_workflows, Unset):
            workflows = UNSET
        else:
            workflows = BuildWorkflows.from_dict(_workflows)

        _pull_requests = d.pop("pull_requests", UNSET)
        pull_requests: list[BuildPullRequest] | Unset = UNSET
        if _pull_requests is not UNSET:
            pull_requests = []
            for pull_requests_item_data in _pull_requests:
                pull_requests_item = BuildPullRequest.from_dict(pull_requests_item_data)

                pull_requests.append(pull_requests_item)

        build_summary = cls(
            build_num=build_num,
            build_url=build_url,
            branch=branch,
            vcs_revision=vcs_revision,
            status=status,
            lifecycle=lifecycle,
            vcs_url=vcs_url,
            username=username,
            reponame=reponame,
            vcs_tag=vcs_tag,
            outcome=outcome,
            queued_at=queued_at,
            usage_queued_at=usage_queued_at,
            start_time=start_time,
            stop_time=stop_time,
            build_time_millis=build_time_millis,
            committer_name=committer_name,
            committer_email=committer_email,
            committer_date=committer_date,
            author_name=author_name,
            author_email=author_email,
            author_date=author_date,
            subject=subject,
            body=body,
            why=why,
            dont_build=dont_build,
            retry_of=retry_of,
            previous=previous,
            parallel=parallel,
            platform=platform,
            fleet=fleet,
            user=user,
            workflows=workflows,
            pull_requests=pull_requests,
        )

        build_summary.additional_properties = d
        return build_summary

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

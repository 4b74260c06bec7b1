from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.build_workflows_upstream_concurrency_map import (
        BuildWorkflowsUpstreamConcurrencyMap,
    )


T = TypeVar("T", bound="BuildWorkflows")


@_attrs_define
class BuildWorkflows:
    """The workflow this job belongs to (in spite of the plural, one workflow).

    Attributes:
        workflow_id (str): The workflow's UUID; the jobs of one workflow run share it.
        workflow_name (str):
        job_name (str): The job's name in the workflow's config.
        job_id (str | Unset):
        workspace_id (str | Unset):
        upstream_job_ids (list[str] | Unset):
        upstream_concurrency_map (BuildWorkflowsUpstreamConcurrencyMap | Unset):
    """

    workflow_id: str
    workflow_name: str
    job_name: str
    job_id: str | Unset = UNSET
    workspace_id: str | Unset = UNSET
    upstream_job_ids: list[str] | Unset = UNSET
    upstream_concurrency_map: BuildWorkflowsUpstreamConcurrencyMap | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workflow_id = self.workflow_id

        workflow_name = self.workflow_name

        job_name = self.job_name

        job_id = self.job_id

        workspace_id = self.workspace_id

        upstream_job_ids: list[str] | Unset = UNSET
        if not isinstance(self.upstream_job_ids, Unset):
            upstream_job_ids = self.upstream_job_ids

        upstream_concurrency_map: dict[str, Any] | Unset = UNSET
        if not isinstance(self.upstream_concurrency_map, Unset):
            upstream_concurrency_map = self.upstream_concurrency_map.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workflow_id": workflow_id,
                "workflow_name": workflow_name,
                "job_name": job_name,
            }
        )
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if upstream_job_ids is not UNSET:
            field_dict["upstream_job_ids"] = upstream_job_ids
        if upstream_concurrency_map is not UNSET:
            field_dict["upstream_concurrency_map"] = upstream_concurrency_map

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build_workflows_upstream_concurrency_map import (
            BuildWorkflowsUpstreamConcurrencyMap,  # noqa: PLC0415
        )

        d = dict(src_dict)
        workflow_id = d.pop("workflow_id")

        workflow_name = d.pop("workflow_name")

        job_name = d.pop("job_name")

        job_id = d.pop("job_id", UNSET)

        workspace_id = d.pop("workspace_id", UNSET)

        upstream_job_ids = cast(list[str], d.pop("upstream_job_ids", UNSET))

        _upstream_concurrency_map = d.pop("upstream_concurrency_map", UNSET)
        upstream_concurrency_map: BuildWorkflowsUpstreamConcurrencyMap | Unset
        if isinstance(_upstream_concurrency_map, Unset):
            upstream_concurrency_map = UNSET
        else:
            upstream_concurrency_map = BuildWorkflowsUpstreamConcurrencyMap.from_dict(_upstream_concurrency_map)

        build_workflows = cls(
            workflow_id=workflow_id,
            workflow_name=workflow_name,
            job_name=job_name,
            job_id=job_id,
            workspace_id=workspace_id,
            upstream_job_ids=upstream_job_ids,
            upstream_concurrency_map=upstream_concurrency_map,
        )

        build_workflows.additional_properties = d
        return build_workflows

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

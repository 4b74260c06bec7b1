from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ArtifactWorkflowRun")


@_attrs_define
class ArtifactWorkflowRun:
    """The run that uploaded the artifact.

    Attributes:
        id (int | Unset):
        repository_id (int | Unset):
        head_repository_id (int | Unset):
        head_branch (str | Unset):
        head_sha (str | Unset):
    """

    id: int | Unset = UNSET
    repository_id: int | Unset = UNSET
    head_repository_id: int | Unset = UNSET
    head_branch: str | Unset = UNSET
    head_sha: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        repository_id = self.repository_id

        head_repository_id = self.head_repository_id

        head_branch = self.head_branch

        head_sha = self.head_sha

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if repository_id is not UNSET:
            field_dict["repository_id"] = repository_id
        if head_repository_id is not UNSET:
            field_dict["head_repository_id"] = head_repository_id
        if head_branch is not UNSET:
            field_dict["head_branch"] = head_branch
        if head_sha is not UNSET:
            field_dict["head_sha"] = head_sha

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        repository_id = d.pop("repository_id", UNSET)

        head_repository_id = d.pop("head_repository_id", UNSET)

        head_branch = d.pop("head_branch", UNSET)

        head_sha = d.pop("head_sha", UNSET)

        artifact_workflow_run = cls(
            id=id,
            repository_id=repository_id,
            head_repository_id=head_repository_id,
            head_branch=head_branch,
            head_sha=head_sha,
        )

        artifact_workflow_run.additional_properties = d
        return artifact_workflow_run

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

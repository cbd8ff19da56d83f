"""Request and response bodies; they also make up the OpenAPI document."""

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

RoomName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Capacity = Annotated[int, Field(strict=True, ge=1, le=1000)]
Attendees = Annotated[int, Field(strict=True, ge=1, le=1000)]
MAX_ID = 2**63 - 1


class RoomIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: RoomName
    capacity: Capacity


class RoomPatch(BaseModel):
    """Only the fields present are changed; null is not a value for any of them."""

    model_config = ConfigDict(extra="ignore")
    name: RoomName | None = None
    capacity: Capacity | None = None


class Room(BaseModel):
    id: int
    name: str
    capacity: int
    created_at: str
    updated_at: str


class RoomPage(BaseModel):
    items: list[Room]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= to get the next page; null on the last page"
    )


class BookingIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    room_id: Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
    title: Title
    starts_at: AwareDatetime = Field(description="RFC 3339 with an offset, e.g. 2030-05-01T09:00:00Z")
    ends_at: AwareDatetime = Field(description="Exclusive end: a booking may start exactly when another ends")
    attendees: Attendees = 1


class BookingPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")
    title: Title | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    attendees: Attendees | None = None


class Booking(BaseModel):
    id: int
    room_id: int
    title: str
    attendees: int
    starts_at: str
    ends_at: str
    status: Literal["confirmed", "cancelled"]
    created_at: str
    updated_at: str


class BookingPage(BaseModel):
    items: list[Booking]
    next_cursor: str | None


class ProblemDetails(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = None

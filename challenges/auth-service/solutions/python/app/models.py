"""Request bodies."""

from typing import Annotated

from pydantic import BaseModel, Field, StrictStr

Email = Annotated[StrictStr, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
Password = Annotated[StrictStr, Field(min_length=12, max_length=128)]


class Credentials(BaseModel):
    email: Email
    password: Password


class Login(BaseModel):
    email: StrictStr
    password: StrictStr


class Refresh(BaseModel):
    refresh_token: StrictStr


class ResetRequest(BaseModel):
    email: StrictStr


class ResetConfirm(BaseModel):
    token: StrictStr
    new_password: Password


class NewNote(BaseModel):
    title: Annotated[StrictStr, Field(min_length=1, max_length=200)]
    body: Annotated[StrictStr, Field(max_length=10_000)] = ""


class NoteChanges(BaseModel):
    title: Annotated[StrictStr | None, Field(min_length=1, max_length=200)] = None
    body: Annotated[StrictStr | None, Field(max_length=10_000)] = None

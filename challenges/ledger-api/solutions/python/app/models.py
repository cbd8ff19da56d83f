"""Request bodies. Money and ids are strict integers: 12.5, "100" and true are refused."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

MAX_CENTS = 1_000_000_000


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="ignore")

    owner: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    initial_balance: Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)] = 0


class NewTransfer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    from_account_id: StrictInt
    to_account_id: StrictInt
    amount: Annotated[StrictInt, Field(ge=1, le=MAX_CENTS)]

"""The toolkit's prompts for the conversation about outcomes: offered to help the person say
what they want, never recorded instead of their words. A desired outcome may name one."""

from __future__ import annotations

from enum import StrEnum


class PromptCategory(StrEnum):
    # "Examples of the type of outcomes or conclusions that people may want"
    BE_AND_FEEL_SAFER = "to be and feel safer"
    MAINTAIN_A_KEY_RELATIONSHIP = "to maintain a key relationship"
    HELP_TO_RECOVER = "to have help to recover"
    JUSTICE_OR_APOLOGY = "to have access to justice or an apology, or to know action was taken"
    NOT_HAPPEN_TO_ANYONE_ELSE = "to know that this won't happen to anyone else"
    MAINTAIN_CONTROL = "to maintain control over the situation"
    EXERCISED_CHOICE = "to have exercised choice"
    INVOLVED_IN_DECISIONS = "to be involved in making decisions"
    PROTECT_THEMSELVES = "to be able to protect themselves in future"
    KNOW_WHERE_TO_GET_HELP = "to know where to get help"
    # "What do you want to happen?"
    ABUSE_TO_STOP = "I want the abuse to stop and to feel safer"
    HELP_PROTECT_MYSELF = "I want to help protect myself in future"
    FEEL_MORE_CONFIDENT = "I want help to feel more confident"
    ABUSER_TO_STAY_AWAY = "I want the abuser to stay away from me"
    INVOLVED_IN_WHAT_HAPPENS_NEXT = "I want to be involved in what happens next"
    PEOPLE_DO_WHAT_THEY_SAY = "I want people involved in my case to do what they say they will"
    POLICE_TO_PROSECUTE = "I want the police to prosecute"
    ANY_SUPPORT = "I want any support available to me"
    SOMETHING_ELSE = "something else"

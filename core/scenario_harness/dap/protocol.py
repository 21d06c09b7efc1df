"""The Debug Adapter Protocol's messages and types, as TypedDicts. Generated: do not edit.

Written by ``scripts/generate_dap_types.py`` from the protocol's JSON schema
as debugpy ships it (``debugProtocol.json``, sha256 64ad433b9ff4b923).
Members that the schema does not require are ``NotRequired`` (annotations
are evaluated, not postponed, so that ``__required_keys__`` is right at run
time too). Messages are plain dicts on the wire: these types tell mypy what
a member holds.
"""
from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "AttachRequest",
    "AttachRequestArguments",
    "AttachResponse",
    "Breakpoint",
    "BreakpointEvent",
    "BreakpointEventBody",
    "BreakpointLocation",
    "BreakpointLocationsArguments",
    "BreakpointLocationsRequest",
    "BreakpointLocationsResponse",
    "BreakpointLocationsResponseBody",
    "CancelArguments",
    "CancelRequest",
    "CancelResponse",
    "Capabilities",
    "CapabilitiesEvent",
    "CapabilitiesEventBody",
    "Checksum",
    "ChecksumAlgorithm",
    "ColumnDescriptor",
    "CompletionItem",
    "CompletionItemType",
    "CompletionsArguments",
    "CompletionsRequest",
    "CompletionsResponse",
    "CompletionsResponseBody",
    "ConfigurationDoneArguments",
    "ConfigurationDoneRequest",
    "ConfigurationDoneResponse",
    "ContinueArguments",
    "ContinueRequest",
    "ContinueResponse",
    "ContinueResponseBody",
    "ContinuedEvent",
    "ContinuedEventBody",
    "DataBreakpoint",
    "DataBreakpointAccessType",
    "DataBreakpointInfoArguments",
    "DataBreakpointInfoRequest",
    "DataBreakpointInfoResponse",
    "DataBreakpointInfoResponseBody",
    "DisassembleArguments",
    "DisassembleRequest",
    "DisassembleResponse",
    "DisassembleResponseBody",
    "DisassembledInstruction",
    "DisconnectArguments",
    "DisconnectRequest",
    "DisconnectResponse",
    "ErrorResponse",
    "ErrorResponseBody",
    "EvaluateArguments",
    "EvaluateRequest",
    "EvaluateResponse",
    "EvaluateResponseBody",
    "Event",
    "ExceptionBreakMode",
    "ExceptionBreakpointsFilter",
    "ExceptionDetails",
    "ExceptionFilterOptions",
    "ExceptionInfoArguments",
    "ExceptionInfoRequest",
    "ExceptionInfoResponse",
    "ExceptionInfoResponseBody",
    "ExceptionOptions",
    "ExceptionPathSegment",
    "ExitedEvent",
    "ExitedEventBody",
    "FunctionBreakpoint",
    "GotoArguments",
    "GotoRequest",
    "GotoResponse",
    "GotoTarget",
    "GotoTargetsArguments",
    "GotoTargetsRequest",
    "GotoTargetsResponse",
    "GotoTargetsResponseBody",
    "InitializeRequest",
    "InitializeRequestArguments",
    "InitializeResponse",
    "InitializedEvent",
    "InstructionBreakpoint",
    "InvalidatedAreas",
    "InvalidatedEvent",
    "InvalidatedEventBody",
    "LaunchRequest",
    "LaunchRequestArguments",
    "LaunchResponse",
    "LoadedSourceEvent",
    "LoadedSourceEventBody",
    "LoadedSourcesArguments",
    "LoadedSourcesRequest",
    "LoadedSourcesResponse",
    "LoadedSourcesResponseBody",
    "MemoryEvent",
    "MemoryEventBody",
    "Message",
    "Module",
    "ModuleEvent",
    "ModuleEventBody",
    "ModulesArguments",
    "ModulesRequest",
    "ModulesResponse",
    "ModulesResponseBody",
    "NextArguments",
    "NextRequest",
    "NextResponse",
    "OutputEvent",
    "OutputEventBody",
    "PauseArguments",
    "PauseRequest",
    "PauseResponse",
    "ProcessEvent",
    "ProcessEventBody",
    "ProgressEndEvent",
    "ProgressEndEventBody",
    "ProgressStartEvent",
    "ProgressStartEventBody",
    "ProgressUpdateEvent",
    "ProgressUpdateEventBody",
    "ProtocolMessage",
    "ReadMemoryArguments",
    "ReadMemoryRequest",
    "ReadMemoryResponse",
    "ReadMemoryResponseBody",
    "Request",
    "Response",
    "RestartArguments",
    "RestartFrameArguments",
    "RestartFrameRequest",
    "RestartFrameResponse",
    "RestartRequest",
    "RestartResponse",
    "ReverseContinueArguments",
    "ReverseContinueRequest",
    "ReverseContinueResponse",
    "RunInTerminalRequest",
    "RunInTerminalRequestArguments",
    "RunInTerminalResponse",
    "RunInTerminalResponseBody",
    "Scope",
    "ScopesArguments",
    "ScopesRequest",
    "ScopesResponse",
    "ScopesResponseBody",
    "SetBreakpointsArguments",
    "SetBreakpointsRequest",
    "SetBreakpointsResponse",
    "SetBreakpointsResponseBody",
    "SetDataBreakpointsArguments",
    "SetDataBreakpointsRequest",
    "SetDataBreakpointsResponse",
    "SetDataBreakpointsResponseBody",
    "SetExceptionBreakpointsArguments",
    "SetExceptionBreakpointsRequest",
    "SetExceptionBreakpointsResponse",
    "SetExceptionBreakpointsResponseBody",
    "SetExpressionArguments",
    "SetExpressionRequest",
    "SetExpressionResponse",
    "SetExpressionResponseBody",
    "SetFunctionBreakpointsArguments",
    "SetFunctionBreakpointsRequest",
    "SetFunctionBreakpointsResponse",
    "SetFunctionBreakpointsResponseBody",
    "SetInstructionBreakpointsArguments",
    "SetInstructionBreakpointsRequest",
    "SetInstructionBreakpointsResponse",
    "SetInstructionBreakpointsResponseBody",
    "SetVariableArguments",
    "SetVariableRequest",
    "SetVariableResponse",
    "SetVariableResponseBody",
    "Source",
    "SourceArguments",
    "SourceBreakpoint",
    "SourceRequest",
    "SourceResponse",
    "SourceResponseBody",
    "StackFrame",
    "StackFrameFormat",
    "StackTraceArguments",
    "StackTraceRequest",
    "StackTraceResponse",
    "StackTraceResponseBody",
    "StartDebuggingRequest",
    "StartDebuggingRequestArguments",
    "StartDebuggingResponse",
    "StepBackArguments",
    "StepBackRequest",
    "StepBackResponse",
    "StepInArguments",
    "StepInRequest",
    "StepInResponse",
    "StepInTarget",
    "StepInTargetsArguments",
    "StepInTargetsRequest",
    "StepInTargetsResponse",
    "StepInTargetsResponseBody",
    "StepOutArguments",
    "StepOutRequest",
    "StepOutResponse",
    "SteppingGranularity",
    "StoppedEvent",
    "StoppedEventBody",
    "TerminateArguments",
    "TerminateRequest",
    "TerminateResponse",
    "TerminateThreadsArguments",
    "TerminateThreadsRequest",
    "TerminateThreadsResponse",
    "TerminatedEvent",
    "TerminatedEventBody",
    "Thread",
    "ThreadEvent",
    "ThreadEventBody",
    "ThreadsRequest",
    "ThreadsResponse",
    "ThreadsResponseBody",
    "ValueFormat",
    "Variable",
    "VariablePresentationHint",
    "VariablesArguments",
    "VariablesRequest",
    "VariablesResponse",
    "VariablesResponseBody",
    "WriteMemoryArguments",
    "WriteMemoryRequest",
    "WriteMemoryResponse",
    "WriteMemoryResponseBody",
]


class ProtocolMessage(TypedDict):
    """Base class of requests, responses, and events."""

    seq: int
    type: str


class Request(TypedDict):
    """A client or debug adapter initiated request."""

    seq: int
    type: Literal["request"]
    command: str
    arguments: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class Event(TypedDict):
    """A debug adapter initiated event."""

    seq: int
    type: Literal["event"]
    event: str
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class Response(TypedDict):
    """Response for a request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class ErrorResponseBody(TypedDict):
    """``body`` of :class:`ErrorResponse`."""

    error: NotRequired["Message"]


class ErrorResponse(TypedDict):
    """On error (whenever `success` is false), the body can provide more details."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ErrorResponseBody"


class CancelRequest(TypedDict):
    """The `cancel` request is used by the client in two situations: - to indicate that it is no longer
    interested in the result produced by a specific request issued earlier - to cancel a progress sequence.
    Clients should only call this request if the corresponding capability `supportsCancelRequest` is true.
    This request has a hint characteristic: a debug adapter can only be expected to make a 'best effort' in
    honoring this request but there are no guarantees. The `cancel` request may return an error if it could
    not cancel an operation but a client should refrain from presenting this error to end users. The request
    that got cancelled still needs to send a response back. This can either be a normal result (`success`
    attribute true) or an error response (`success` attribute false and the `message` set to `cancelled`).
    Returning partial results from a cancelled request is possible but please note that a client has no
    generic way for detecting that a response is partial or not. The progress that got cancelled still needs
    to send a `progressEnd` event back. A client should not assume that progress just got cancelled after
    sending the `cancel` request."""

    seq: int
    type: Literal["request"]
    command: Literal["cancel"]
    arguments: NotRequired["CancelArguments"]


class CancelArguments(TypedDict):
    """Arguments for `cancel` request."""

    requestId: NotRequired[int]
    progressId: NotRequired[str]


class CancelResponse(TypedDict):
    """Response to `cancel` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class InitializedEvent(TypedDict):
    """This event indicates that the debug adapter is ready to accept configuration requests (e.g.
    `setBreakpoints`, `setExceptionBreakpoints`). A debug adapter is expected to send this event when it is
    ready to accept configuration requests (but not before the `initialize` request has finished). The
    sequence of events/requests is as follows: - adapters sends `initialized` event (after the `initialize`
    request has returned) - client sends zero or more `setBreakpoints` requests - client sends one
    `setFunctionBreakpoints` request (if corresponding capability `supportsFunctionBreakpoints` is true) -
    client sends a `setExceptionBreakpoints` request if one or more `exceptionBreakpointFilters` have been
    defined (or if `supportsConfigurationDoneRequest` is not true) - client sends other future configuration
    requests - client sends one `configurationDone` request to indicate the end of the configuration."""

    seq: int
    type: Literal["event"]
    event: Literal["initialized"]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class StoppedEventBody(TypedDict):
    """``body`` of :class:`StoppedEvent`."""

    reason: str
    description: NotRequired[str]
    threadId: NotRequired[int]
    preserveFocusHint: NotRequired[bool]
    text: NotRequired[str]
    allThreadsStopped: NotRequired[bool]
    hitBreakpointIds: NotRequired[list[int]]


class StoppedEvent(TypedDict):
    """The event indicates that the execution of the debuggee has stopped due to some condition. This can be
    caused by a breakpoint previously set, a stepping request has completed, by executing a debugger statement
    etc."""

    seq: int
    type: Literal["event"]
    event: Literal["stopped"]
    body: "StoppedEventBody"


class ContinuedEventBody(TypedDict):
    """``body`` of :class:`ContinuedEvent`."""

    threadId: int
    allThreadsContinued: NotRequired[bool]


class ContinuedEvent(TypedDict):
    """The event indicates that the execution of the debuggee has continued. Please note: a debug adapter is not
    expected to send this event in response to a request that implies that execution continues, e.g. `launch`
    or `continue`. It is only necessary to send a `continued` event if there was no previous request that
    implied this."""

    seq: int
    type: Literal["event"]
    event: Literal["continued"]
    body: "ContinuedEventBody"


class ExitedEventBody(TypedDict):
    """``body`` of :class:`ExitedEvent`."""

    exitCode: int


class ExitedEvent(TypedDict):
    """The event indicates that the debuggee has exited and returns its exit code."""

    seq: int
    type: Literal["event"]
    event: Literal["exited"]
    body: "ExitedEventBody"


class TerminatedEventBody(TypedDict):
    """``body`` of :class:`TerminatedEvent`."""

    restart: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class TerminatedEvent(TypedDict):
    """The event indicates that debugging of the debuggee has terminated. This does **not** mean that the
    debuggee itself has exited."""

    seq: int
    type: Literal["event"]
    event: Literal["terminated"]
    body: NotRequired["TerminatedEventBody"]


class ThreadEventBody(TypedDict):
    """``body`` of :class:`ThreadEvent`."""

    reason: str
    threadId: int


class ThreadEvent(TypedDict):
    """The event indicates that a thread has started or exited."""

    seq: int
    type: Literal["event"]
    event: Literal["thread"]
    body: "ThreadEventBody"


class OutputEventBody(TypedDict):
    """``body`` of :class:`OutputEvent`."""

    category: NotRequired[str]
    output: str
    group: NotRequired[Literal["start", "startCollapsed", "end"]]
    variablesReference: NotRequired[int]
    source: NotRequired["Source"]
    line: NotRequired[int]
    column: NotRequired[int]
    data: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class OutputEvent(TypedDict):
    """The event indicates that the target has produced some output."""

    seq: int
    type: Literal["event"]
    event: Literal["output"]
    body: "OutputEventBody"


class BreakpointEventBody(TypedDict):
    """``body`` of :class:`BreakpointEvent`."""

    reason: str
    breakpoint: "Breakpoint"


class BreakpointEvent(TypedDict):
    """The event indicates that some information about a breakpoint has changed."""

    seq: int
    type: Literal["event"]
    event: Literal["breakpoint"]
    body: "BreakpointEventBody"


class ModuleEventBody(TypedDict):
    """``body`` of :class:`ModuleEvent`."""

    reason: Literal["new", "changed", "removed"]
    module: "Module"


class ModuleEvent(TypedDict):
    """The event indicates that some information about a module has changed."""

    seq: int
    type: Literal["event"]
    event: Literal["module"]
    body: "ModuleEventBody"


class LoadedSourceEventBody(TypedDict):
    """``body`` of :class:`LoadedSourceEvent`."""

    reason: Literal["new", "changed", "removed"]
    source: "Source"


class LoadedSourceEvent(TypedDict):
    """The event indicates that some source has been added, changed, or removed from the set of all loaded
    sources."""

    seq: int
    type: Literal["event"]
    event: Literal["loadedSource"]
    body: "LoadedSourceEventBody"


class ProcessEventBody(TypedDict):
    """``body`` of :class:`ProcessEvent`."""

    name: str
    systemProcessId: NotRequired[int]
    isLocalProcess: NotRequired[bool]
    startMethod: NotRequired[Literal["launch", "attach", "attachForSuspendedLaunch"]]
    pointerSize: NotRequired[int]


class ProcessEvent(TypedDict):
    """The event indicates that the debugger has begun debugging a new process. Either one that it has launched,
    or one that it has attached to."""

    seq: int
    type: Literal["event"]
    event: Literal["process"]
    body: "ProcessEventBody"


class CapabilitiesEventBody(TypedDict):
    """``body`` of :class:`CapabilitiesEvent`."""

    capabilities: "Capabilities"


class CapabilitiesEvent(TypedDict):
    """The event indicates that one or more capabilities have changed. Since the capabilities are dependent on
    the client and its UI, it might not be possible to change that at random times (or too late). Consequently
    this event has a hint characteristic: a client can only be expected to make a 'best effort' in honoring
    individual capabilities but there are no guarantees. Only changed capabilities need to be included, all
    other capabilities keep their values."""

    seq: int
    type: Literal["event"]
    event: Literal["capabilities"]
    body: "CapabilitiesEventBody"


class ProgressStartEventBody(TypedDict):
    """``body`` of :class:`ProgressStartEvent`."""

    progressId: str
    title: str
    requestId: NotRequired[int]
    cancellable: NotRequired[bool]
    message: NotRequired[str]
    percentage: NotRequired[float]


class ProgressStartEvent(TypedDict):
    """The event signals that a long running operation is about to start and provides additional information for
    the client to set up a corresponding progress and cancellation UI. The client is free to delay the showing
    of the UI in order to reduce flicker. This event should only be sent if the corresponding capability
    `supportsProgressReporting` is true."""

    seq: int
    type: Literal["event"]
    event: Literal["progressStart"]
    body: "ProgressStartEventBody"


class ProgressUpdateEventBody(TypedDict):
    """``body`` of :class:`ProgressUpdateEvent`."""

    progressId: str
    message: NotRequired[str]
    percentage: NotRequired[float]


class ProgressUpdateEvent(TypedDict):
    """The event signals that the progress reporting needs to be updated with a new message and/or percentage.
    The client does not have to update the UI immediately, but the clients needs to keep track of the message
    and/or percentage values. This event should only be sent if the corresponding capability
    `supportsProgressReporting` is true."""

    seq: int
    type: Literal["event"]
    event: Literal["progressUpdate"]
    body: "ProgressUpdateEventBody"


class ProgressEndEventBody(TypedDict):
    """``body`` of :class:`ProgressEndEvent`."""

    progressId: str
    message: NotRequired[str]


class ProgressEndEvent(TypedDict):
    """The event signals the end of the progress reporting with a final message. This event should only be sent
    if the corresponding capability `supportsProgressReporting` is true."""

    seq: int
    type: Literal["event"]
    event: Literal["progressEnd"]
    body: "ProgressEndEventBody"


class InvalidatedEventBody(TypedDict):
    """``body`` of :class:`InvalidatedEvent`."""

    areas: NotRequired[list["InvalidatedAreas"]]
    threadId: NotRequired[int]
    stackFrameId: NotRequired[int]


class InvalidatedEvent(TypedDict):
    """This event signals that some state in the debug adapter has changed and requires that the client needs to
    re-render the data snapshot previously requested. Debug adapters do not have to emit this event for
    runtime changes like stopped or thread events because in that case the client refetches the new state
    anyway. But the event can be used for example to refresh the UI after rendering formatting has changed in
    the debug adapter. This event should only be sent if the corresponding capability
    `supportsInvalidatedEvent` is true."""

    seq: int
    type: Literal["event"]
    event: Literal["invalidated"]
    body: "InvalidatedEventBody"


class MemoryEventBody(TypedDict):
    """``body`` of :class:`MemoryEvent`."""

    memoryReference: str
    offset: int
    count: int


class MemoryEvent(TypedDict):
    """This event indicates that some memory range has been updated. It should only be sent if the corresponding
    capability `supportsMemoryEvent` is true. Clients typically react to the event by re-issuing a
    `readMemory` request if they show the memory identified by the `memoryReference` and if the updated memory
    range overlaps the displayed range. Clients should not make assumptions how individual memory references
    relate to each other, so they should not assume that they are part of a single continuous address range
    and might overlap. Debug adapters can use this event to indicate that the contents of a memory range has
    changed due to some other request like `setVariable` or `setExpression`. Debug adapters are not expected
    to emit this event for each and every memory change of a running program, because that information is
    typically not available from debuggers and it would flood clients with too many events."""

    seq: int
    type: Literal["event"]
    event: Literal["memory"]
    body: "MemoryEventBody"


class RunInTerminalRequest(TypedDict):
    """This request is sent from the debug adapter to the client to run a command in a terminal. This is
    typically used to launch the debuggee in a terminal provided by the client. This request should only be
    called if the corresponding client capability `supportsRunInTerminalRequest` is true. Client
    implementations of `runInTerminal` are free to run the command however they choose including issuing the
    command to a command line interpreter (aka 'shell'). Argument strings passed to the `runInTerminal`
    request must arrive verbatim in the command to be run. As a consequence, clients which use a shell are
    responsible for escaping any special shell characters in the argument strings to prevent them from being
    interpreted (and modified) by the shell. Some users may wish to take advantage of shell processing in the
    argument strings. For clients which implement `runInTerminal` using an intermediary shell, the
    `argsCanBeInterpretedByShell` property can be set to true. In this case the client is requested not to
    escape any special shell characters in the argument strings."""

    seq: int
    type: Literal["request"]
    command: Literal["runInTerminal"]
    arguments: "RunInTerminalRequestArguments"


class RunInTerminalRequestArguments(TypedDict):
    """Arguments for `runInTerminal` request."""

    kind: NotRequired[Literal["integrated", "external"]]
    title: NotRequired[str]
    cwd: str
    args: list[str]
    env: NotRequired[dict[str, str | None]]
    argsCanBeInterpretedByShell: NotRequired[bool]


class RunInTerminalResponseBody(TypedDict):
    """``body`` of :class:`RunInTerminalResponse`."""

    processId: NotRequired[int]
    shellProcessId: NotRequired[int]


class RunInTerminalResponse(TypedDict):
    """Response to `runInTerminal` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "RunInTerminalResponseBody"


class StartDebuggingRequest(TypedDict):
    """This request is sent from the debug adapter to the client to start a new debug session of the same type as
    the caller. This request should only be sent if the corresponding client capability
    `supportsStartDebuggingRequest` is true. A client implementation of `startDebugging` should start a new
    debug session (of the same type as the caller) in the same way that the caller's session was started. If
    the client supports hierarchical debug sessions, the newly created session can be treated as a child of
    the caller session."""

    seq: int
    type: Literal["request"]
    command: Literal["startDebugging"]
    arguments: "StartDebuggingRequestArguments"


class StartDebuggingRequestArguments(TypedDict):
    """Arguments for `startDebugging` request."""

    configuration: dict[str, Any]
    request: Literal["launch", "attach"]


class StartDebuggingResponse(TypedDict):
    """Response to `startDebugging` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class InitializeRequest(TypedDict):
    """The `initialize` request is sent as the first request from the client to the debug adapter in order to
    configure it with client capabilities and to retrieve capabilities from the debug adapter. Until the debug
    adapter has responded with an `initialize` response, the client must not send any additional requests or
    events to the debug adapter. In addition the debug adapter is not allowed to send any requests or events
    to the client until it has responded with an `initialize` response. The `initialize` request may only be
    sent once."""

    seq: int
    type: Literal["request"]
    command: Literal["initialize"]
    arguments: "InitializeRequestArguments"


class InitializeRequestArguments(TypedDict):
    """Arguments for `initialize` request."""

    clientID: NotRequired[str]
    clientName: NotRequired[str]
    adapterID: str
    locale: NotRequired[str]
    linesStartAt1: NotRequired[bool]
    columnsStartAt1: NotRequired[bool]
    pathFormat: NotRequired[str]
    supportsVariableType: NotRequired[bool]
    supportsVariablePaging: NotRequired[bool]
    supportsRunInTerminalRequest: NotRequired[bool]
    supportsMemoryReferences: NotRequired[bool]
    supportsProgressReporting: NotRequired[bool]
    supportsInvalidatedEvent: NotRequired[bool]
    supportsMemoryEvent: NotRequired[bool]
    supportsArgsCanBeInterpretedByShell: NotRequired[bool]
    supportsStartDebuggingRequest: NotRequired[bool]


class InitializeResponse(TypedDict):
    """Response to `initialize` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired["Capabilities"]


class ConfigurationDoneRequest(TypedDict):
    """This request indicates that the client has finished initialization of the debug adapter. So it is the last
    request in the sequence of configuration requests (which was started by the `initialized` event). Clients
    should only call this request if the corresponding capability `supportsConfigurationDoneRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["configurationDone"]
    arguments: NotRequired["ConfigurationDoneArguments"]


class ConfigurationDoneArguments(TypedDict):
    """Arguments for `configurationDone` request."""


class ConfigurationDoneResponse(TypedDict):
    """Response to `configurationDone` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class LaunchRequest(TypedDict):
    """This launch request is sent from the client to the debug adapter to start the debuggee with or without
    debugging (if `noDebug` is true). Since launching is debugger/runtime specific, the arguments for this
    request are not part of this specification."""

    seq: int
    type: Literal["request"]
    command: Literal["launch"]
    arguments: "LaunchRequestArguments"


LaunchRequestArguments = TypedDict("LaunchRequestArguments", {"noDebug": NotRequired[bool], "__restart": NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]})
"""Arguments for `launch` request. Additional attributes are implementation specific."""


class LaunchResponse(TypedDict):
    """Response to `launch` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class AttachRequest(TypedDict):
    """The `attach` request is sent from the client to the debug adapter to attach to a debuggee that is already
    running. Since attaching is debugger/runtime specific, the arguments for this request are not part of this
    specification."""

    seq: int
    type: Literal["request"]
    command: Literal["attach"]
    arguments: "AttachRequestArguments"


AttachRequestArguments = TypedDict("AttachRequestArguments", {"__restart": NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]})
"""Arguments for `attach` request. Additional attributes are implementation specific."""


class AttachResponse(TypedDict):
    """Response to `attach` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class RestartRequest(TypedDict):
    """Restarts a debug session. Clients should only call this request if the corresponding capability
    `supportsRestartRequest` is true. If the capability is missing or has the value false, a typical client
    emulates `restart` by terminating the debug adapter first and then launching it anew."""

    seq: int
    type: Literal["request"]
    command: Literal["restart"]
    arguments: NotRequired["RestartArguments"]


class RestartArguments(TypedDict):
    """Arguments for `restart` request."""

    arguments: NotRequired[Any]


class RestartResponse(TypedDict):
    """Response to `restart` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class DisconnectRequest(TypedDict):
    """The `disconnect` request asks the debug adapter to disconnect from the debuggee (thus ending the debug
    session) and then to shut down itself (the debug adapter). In addition, the debug adapter must terminate
    the debuggee if it was started with the `launch` request. If an `attach` request was used to connect to
    the debuggee, then the debug adapter must not terminate the debuggee. This implicit behavior of when to
    terminate the debuggee can be overridden with the `terminateDebuggee` argument (which is only supported by
    a debug adapter if the corresponding capability `supportTerminateDebuggee` is true)."""

    seq: int
    type: Literal["request"]
    command: Literal["disconnect"]
    arguments: NotRequired["DisconnectArguments"]


class DisconnectArguments(TypedDict):
    """Arguments for `disconnect` request."""

    restart: NotRequired[bool]
    terminateDebuggee: NotRequired[bool]
    suspendDebuggee: NotRequired[bool]


class DisconnectResponse(TypedDict):
    """Response to `disconnect` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class TerminateRequest(TypedDict):
    """The `terminate` request is sent from the client to the debug adapter in order to shut down the debuggee
    gracefully. Clients should only call this request if the capability `supportsTerminateRequest` is true.
    Typically a debug adapter implements `terminate` by sending a software signal which the debuggee
    intercepts in order to clean things up properly before terminating itself. Please note that this request
    does not directly affect the state of the debug session: if the debuggee decides to veto the graceful
    shutdown for any reason by not terminating itself, then the debug session just continues. Clients can
    surface the `terminate` request as an explicit command or they can integrate it into a two stage Stop
    command that first sends `terminate` to request a graceful shutdown, and if that fails uses `disconnect`
    for a forceful shutdown."""

    seq: int
    type: Literal["request"]
    command: Literal["terminate"]
    arguments: NotRequired["TerminateArguments"]


class TerminateArguments(TypedDict):
    """Arguments for `terminate` request."""

    restart: NotRequired[bool]


class TerminateResponse(TypedDict):
    """Response to `terminate` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class BreakpointLocationsRequest(TypedDict):
    """The `breakpointLocations` request returns all possible locations for source breakpoints in a given range.
    Clients should only call this request if the corresponding capability `supportsBreakpointLocationsRequest`
    is true."""

    seq: int
    type: Literal["request"]
    command: Literal["breakpointLocations"]
    arguments: NotRequired["BreakpointLocationsArguments"]


class BreakpointLocationsArguments(TypedDict):
    """Arguments for `breakpointLocations` request."""

    source: "Source"
    line: int
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]


class BreakpointLocationsResponseBody(TypedDict):
    """``body`` of :class:`BreakpointLocationsResponse`."""

    breakpoints: list["BreakpointLocation"]


class BreakpointLocationsResponse(TypedDict):
    """Response to `breakpointLocations` request. Contains possible locations for source breakpoints."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "BreakpointLocationsResponseBody"


class SetBreakpointsRequest(TypedDict):
    """Sets multiple breakpoints for a single source and clears all previous breakpoints in that source. To clear
    all breakpoint for a source, specify an empty array. When a breakpoint is hit, a `stopped` event (with
    reason `breakpoint`) is generated."""

    seq: int
    type: Literal["request"]
    command: Literal["setBreakpoints"]
    arguments: "SetBreakpointsArguments"


class SetBreakpointsArguments(TypedDict):
    """Arguments for `setBreakpoints` request."""

    source: "Source"
    breakpoints: NotRequired[list["SourceBreakpoint"]]
    lines: NotRequired[list[int]]
    sourceModified: NotRequired[bool]


class SetBreakpointsResponseBody(TypedDict):
    """``body`` of :class:`SetBreakpointsResponse`."""

    breakpoints: list["Breakpoint"]


class SetBreakpointsResponse(TypedDict):
    """Response to `setBreakpoints` request. Returned is information about each breakpoint created by this
    request. This includes the actual code location and whether the breakpoint could be verified. The
    breakpoints returned are in the same order as the elements of the `breakpoints` (or the deprecated
    `lines`) array in the arguments."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetBreakpointsResponseBody"


class SetFunctionBreakpointsRequest(TypedDict):
    """Replaces all existing function breakpoints with new function breakpoints. To clear all function
    breakpoints, specify an empty array. When a function breakpoint is hit, a `stopped` event (with reason
    `function breakpoint`) is generated. Clients should only call this request if the corresponding capability
    `supportsFunctionBreakpoints` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["setFunctionBreakpoints"]
    arguments: "SetFunctionBreakpointsArguments"


class SetFunctionBreakpointsArguments(TypedDict):
    """Arguments for `setFunctionBreakpoints` request."""

    breakpoints: list["FunctionBreakpoint"]


class SetFunctionBreakpointsResponseBody(TypedDict):
    """``body`` of :class:`SetFunctionBreakpointsResponse`."""

    breakpoints: list["Breakpoint"]


class SetFunctionBreakpointsResponse(TypedDict):
    """Response to `setFunctionBreakpoints` request. Returned is information about each breakpoint created by
    this request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetFunctionBreakpointsResponseBody"


class SetExceptionBreakpointsRequest(TypedDict):
    """The request configures the debugger's response to thrown exceptions. If an exception is configured to
    break, a `stopped` event is fired (with reason `exception`). Clients should only call this request if the
    corresponding capability `exceptionBreakpointFilters` returns one or more filters."""

    seq: int
    type: Literal["request"]
    command: Literal["setExceptionBreakpoints"]
    arguments: "SetExceptionBreakpointsArguments"


class SetExceptionBreakpointsArguments(TypedDict):
    """Arguments for `setExceptionBreakpoints` request."""

    filters: list[str]
    filterOptions: NotRequired[list["ExceptionFilterOptions"]]
    exceptionOptions: NotRequired[list["ExceptionOptions"]]


class SetExceptionBreakpointsResponseBody(TypedDict):
    """``body`` of :class:`SetExceptionBreakpointsResponse`."""

    breakpoints: NotRequired[list["Breakpoint"]]


class SetExceptionBreakpointsResponse(TypedDict):
    """Response to `setExceptionBreakpoints` request. The response contains an array of `Breakpoint` objects with
    information about each exception breakpoint or filter. The `Breakpoint` objects are in the same order as
    the elements of the `filters`, `filterOptions`, `exceptionOptions` arrays given as arguments. If both
    `filters` and `filterOptions` are given, the returned array must start with `filters` information first,
    followed by `filterOptions` information. The `verified` property of a `Breakpoint` object signals whether
    the exception breakpoint or filter could be successfully created and whether the condition is valid. In
    case of an error the `message` property explains the problem. The `id` property can be used to introduce a
    unique ID for the exception breakpoint or filter so that it can be updated subsequently by sending
    breakpoint events. For backward compatibility both the `breakpoints` array and the enclosing `body` are
    optional. If these elements are missing a client is not able to show problems for individual exception
    breakpoints or filters."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired["SetExceptionBreakpointsResponseBody"]


class DataBreakpointInfoRequest(TypedDict):
    """Obtains information on a possible data breakpoint that could be set on an expression or variable. Clients
    should only call this request if the corresponding capability `supportsDataBreakpoints` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["dataBreakpointInfo"]
    arguments: "DataBreakpointInfoArguments"


class DataBreakpointInfoArguments(TypedDict):
    """Arguments for `dataBreakpointInfo` request."""

    variablesReference: NotRequired[int]
    name: str
    frameId: NotRequired[int]


class DataBreakpointInfoResponseBody(TypedDict):
    """``body`` of :class:`DataBreakpointInfoResponse`."""

    dataId: str | None
    description: str
    accessTypes: NotRequired[list["DataBreakpointAccessType"]]
    canPersist: NotRequired[bool]


class DataBreakpointInfoResponse(TypedDict):
    """Response to `dataBreakpointInfo` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "DataBreakpointInfoResponseBody"


class SetDataBreakpointsRequest(TypedDict):
    """Replaces all existing data breakpoints with new data breakpoints. To clear all data breakpoints, specify
    an empty array. When a data breakpoint is hit, a `stopped` event (with reason `data breakpoint`) is
    generated. Clients should only call this request if the corresponding capability `supportsDataBreakpoints`
    is true."""

    seq: int
    type: Literal["request"]
    command: Literal["setDataBreakpoints"]
    arguments: "SetDataBreakpointsArguments"


class SetDataBreakpointsArguments(TypedDict):
    """Arguments for `setDataBreakpoints` request."""

    breakpoints: list["DataBreakpoint"]


class SetDataBreakpointsResponseBody(TypedDict):
    """``body`` of :class:`SetDataBreakpointsResponse`."""

    breakpoints: list["Breakpoint"]


class SetDataBreakpointsResponse(TypedDict):
    """Response to `setDataBreakpoints` request. Returned is information about each breakpoint created by this
    request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetDataBreakpointsResponseBody"


class SetInstructionBreakpointsRequest(TypedDict):
    """Replaces all existing instruction breakpoints. Typically, instruction breakpoints would be set from a
    disassembly window. To clear all instruction breakpoints, specify an empty array. When an instruction
    breakpoint is hit, a `stopped` event (with reason `instruction breakpoint`) is generated. Clients should
    only call this request if the corresponding capability `supportsInstructionBreakpoints` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["setInstructionBreakpoints"]
    arguments: "SetInstructionBreakpointsArguments"


class SetInstructionBreakpointsArguments(TypedDict):
    """Arguments for `setInstructionBreakpoints` request"""

    breakpoints: list["InstructionBreakpoint"]


class SetInstructionBreakpointsResponseBody(TypedDict):
    """``body`` of :class:`SetInstructionBreakpointsResponse`."""

    breakpoints: list["Breakpoint"]


class SetInstructionBreakpointsResponse(TypedDict):
    """Response to `setInstructionBreakpoints` request"""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetInstructionBreakpointsResponseBody"


class ContinueRequest(TypedDict):
    """The request resumes execution of all threads. If the debug adapter supports single thread execution (see
    capability `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to true resumes
    only the specified thread. If not all threads were resumed, the `allThreadsContinued` attribute of the
    response should be set to false."""

    seq: int
    type: Literal["request"]
    command: Literal["continue"]
    arguments: "ContinueArguments"


class ContinueArguments(TypedDict):
    """Arguments for `continue` request."""

    threadId: int
    singleThread: NotRequired[bool]


class ContinueResponseBody(TypedDict):
    """``body`` of :class:`ContinueResponse`."""

    allThreadsContinued: NotRequired[bool]


class ContinueResponse(TypedDict):
    """Response to `continue` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ContinueResponseBody"


class NextRequest(TypedDict):
    """The request executes one step (in the given granularity) for the specified thread and allows all other
    threads to run freely by resuming them. If the debug adapter supports single thread execution (see
    capability `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to true prevents
    other suspended threads from resuming. The debug adapter first sends the response and then a `stopped`
    event (with reason `step`) after the step has completed."""

    seq: int
    type: Literal["request"]
    command: Literal["next"]
    arguments: "NextArguments"


class NextArguments(TypedDict):
    """Arguments for `next` request."""

    threadId: int
    singleThread: NotRequired[bool]
    granularity: NotRequired["SteppingGranularity"]


class NextResponse(TypedDict):
    """Response to `next` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class StepInRequest(TypedDict):
    """The request resumes the given thread to step into a function/method and allows all other threads to run
    freely by resuming them. If the debug adapter supports single thread execution (see capability
    `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to true prevents other
    suspended threads from resuming. If the request cannot step into a target, `stepIn` behaves like the
    `next` request. The debug adapter first sends the response and then a `stopped` event (with reason `step`)
    after the step has completed. If there are multiple function/method calls (or other targets) on the source
    line, the argument `targetId` can be used to control into which target the `stepIn` should occur. The list
    of possible targets for a given source line can be retrieved via the `stepInTargets` request."""

    seq: int
    type: Literal["request"]
    command: Literal["stepIn"]
    arguments: "StepInArguments"


class StepInArguments(TypedDict):
    """Arguments for `stepIn` request."""

    threadId: int
    singleThread: NotRequired[bool]
    targetId: NotRequired[int]
    granularity: NotRequired["SteppingGranularity"]


class StepInResponse(TypedDict):
    """Response to `stepIn` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class StepOutRequest(TypedDict):
    """The request resumes the given thread to step out (return) from a function/method and allows all other
    threads to run freely by resuming them. If the debug adapter supports single thread execution (see
    capability `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to true prevents
    other suspended threads from resuming. The debug adapter first sends the response and then a `stopped`
    event (with reason `step`) after the step has completed."""

    seq: int
    type: Literal["request"]
    command: Literal["stepOut"]
    arguments: "StepOutArguments"


class StepOutArguments(TypedDict):
    """Arguments for `stepOut` request."""

    threadId: int
    singleThread: NotRequired[bool]
    granularity: NotRequired["SteppingGranularity"]


class StepOutResponse(TypedDict):
    """Response to `stepOut` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class StepBackRequest(TypedDict):
    """The request executes one backward step (in the given granularity) for the specified thread and allows all
    other threads to run backward freely by resuming them. If the debug adapter supports single thread
    execution (see capability `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to
    true prevents other suspended threads from resuming. The debug adapter first sends the response and then a
    `stopped` event (with reason `step`) after the step has completed. Clients should only call this request
    if the corresponding capability `supportsStepBack` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["stepBack"]
    arguments: "StepBackArguments"


class StepBackArguments(TypedDict):
    """Arguments for `stepBack` request."""

    threadId: int
    singleThread: NotRequired[bool]
    granularity: NotRequired["SteppingGranularity"]


class StepBackResponse(TypedDict):
    """Response to `stepBack` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class ReverseContinueRequest(TypedDict):
    """The request resumes backward execution of all threads. If the debug adapter supports single thread
    execution (see capability `supportsSingleThreadExecutionRequests`), setting the `singleThread` argument to
    true resumes only the specified thread. If not all threads were resumed, the `allThreadsContinued`
    attribute of the response should be set to false. Clients should only call this request if the
    corresponding capability `supportsStepBack` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["reverseContinue"]
    arguments: "ReverseContinueArguments"


class ReverseContinueArguments(TypedDict):
    """Arguments for `reverseContinue` request."""

    threadId: int
    singleThread: NotRequired[bool]


class ReverseContinueResponse(TypedDict):
    """Response to `reverseContinue` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class RestartFrameRequest(TypedDict):
    """The request restarts execution of the specified stack frame. The debug adapter first sends the response
    and then a `stopped` event (with reason `restart`) after the restart has completed. Clients should only
    call this request if the corresponding capability `supportsRestartFrame` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["restartFrame"]
    arguments: "RestartFrameArguments"


class RestartFrameArguments(TypedDict):
    """Arguments for `restartFrame` request."""

    frameId: int


class RestartFrameResponse(TypedDict):
    """Response to `restartFrame` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class GotoRequest(TypedDict):
    """The request sets the location where the debuggee will continue to run. This makes it possible to skip the
    execution of code or to execute code again. The code between the current location and the goto target is
    not executed but skipped. The debug adapter first sends the response and then a `stopped` event with
    reason `goto`. Clients should only call this request if the corresponding capability
    `supportsGotoTargetsRequest` is true (because only then goto targets exist that can be passed as
    arguments)."""

    seq: int
    type: Literal["request"]
    command: Literal["goto"]
    arguments: "GotoArguments"


class GotoArguments(TypedDict):
    """Arguments for `goto` request."""

    threadId: int
    targetId: int


class GotoResponse(TypedDict):
    """Response to `goto` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class PauseRequest(TypedDict):
    """The request suspends the debuggee. The debug adapter first sends the response and then a `stopped` event
    (with reason `pause`) after the thread has been paused successfully."""

    seq: int
    type: Literal["request"]
    command: Literal["pause"]
    arguments: "PauseArguments"


class PauseArguments(TypedDict):
    """Arguments for `pause` request."""

    threadId: int


class PauseResponse(TypedDict):
    """Response to `pause` request. This is just an acknowledgement, so no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class StackTraceRequest(TypedDict):
    """The request returns a stacktrace from the current execution state of a given thread. A client can request
    all stack frames by omitting the startFrame and levels arguments. For performance-conscious clients and if
    the corresponding capability `supportsDelayedStackTraceLoading` is true, stack frames can be retrieved in
    a piecemeal way with the `startFrame` and `levels` arguments. The response of the `stackTrace` request may
    contain a `totalFrames` property that hints at the total number of frames in the stack. If a client needs
    this total number upfront, it can issue a request for a single (first) frame and depending on the value of
    `totalFrames` decide how to proceed. In any case a client should be prepared to receive fewer frames than
    requested, which is an indication that the end of the stack has been reached."""

    seq: int
    type: Literal["request"]
    command: Literal["stackTrace"]
    arguments: "StackTraceArguments"


class StackTraceArguments(TypedDict):
    """Arguments for `stackTrace` request."""

    threadId: int
    startFrame: NotRequired[int]
    levels: NotRequired[int]
    format: NotRequired["StackFrameFormat"]


class StackTraceResponseBody(TypedDict):
    """``body`` of :class:`StackTraceResponse`."""

    stackFrames: list["StackFrame"]
    totalFrames: NotRequired[int]


class StackTraceResponse(TypedDict):
    """Response to `stackTrace` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "StackTraceResponseBody"


class ScopesRequest(TypedDict):
    """The request returns the variable scopes for a given stack frame ID."""

    seq: int
    type: Literal["request"]
    command: Literal["scopes"]
    arguments: "ScopesArguments"


class ScopesArguments(TypedDict):
    """Arguments for `scopes` request."""

    frameId: int


class ScopesResponseBody(TypedDict):
    """``body`` of :class:`ScopesResponse`."""

    scopes: list["Scope"]


class ScopesResponse(TypedDict):
    """Response to `scopes` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ScopesResponseBody"


class VariablesRequest(TypedDict):
    """Retrieves all child variables for the given variable reference. A filter can be used to limit the fetched
    children to either named or indexed children."""

    seq: int
    type: Literal["request"]
    command: Literal["variables"]
    arguments: "VariablesArguments"


class VariablesArguments(TypedDict):
    """Arguments for `variables` request."""

    variablesReference: int
    filter: NotRequired[Literal["indexed", "named"]]
    start: NotRequired[int]
    count: NotRequired[int]
    format: NotRequired["ValueFormat"]


class VariablesResponseBody(TypedDict):
    """``body`` of :class:`VariablesResponse`."""

    variables: list["Variable"]


class VariablesResponse(TypedDict):
    """Response to `variables` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "VariablesResponseBody"


class SetVariableRequest(TypedDict):
    """Set the variable with the given name in the variable container to a new value. Clients should only call
    this request if the corresponding capability `supportsSetVariable` is true. If a debug adapter implements
    both `setVariable` and `setExpression`, a client will only use `setExpression` if the variable has an
    `evaluateName` property."""

    seq: int
    type: Literal["request"]
    command: Literal["setVariable"]
    arguments: "SetVariableArguments"


class SetVariableArguments(TypedDict):
    """Arguments for `setVariable` request."""

    variablesReference: int
    name: str
    value: str
    format: NotRequired["ValueFormat"]


class SetVariableResponseBody(TypedDict):
    """``body`` of :class:`SetVariableResponse`."""

    value: str
    type: NotRequired[str]
    variablesReference: NotRequired[int]
    namedVariables: NotRequired[int]
    indexedVariables: NotRequired[int]
    memoryReference: NotRequired[str]


class SetVariableResponse(TypedDict):
    """Response to `setVariable` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetVariableResponseBody"


class SourceRequest(TypedDict):
    """The request retrieves the source code for a given source reference."""

    seq: int
    type: Literal["request"]
    command: Literal["source"]
    arguments: "SourceArguments"


class SourceArguments(TypedDict):
    """Arguments for `source` request."""

    source: NotRequired["Source"]
    sourceReference: int


class SourceResponseBody(TypedDict):
    """``body`` of :class:`SourceResponse`."""

    content: str
    mimeType: NotRequired[str]


class SourceResponse(TypedDict):
    """Response to `source` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SourceResponseBody"


class ThreadsRequest(TypedDict):
    """The request retrieves a list of all threads."""

    seq: int
    type: Literal["request"]
    command: Literal["threads"]
    arguments: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class ThreadsResponseBody(TypedDict):
    """``body`` of :class:`ThreadsResponse`."""

    threads: list["Thread"]


class ThreadsResponse(TypedDict):
    """Response to `threads` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ThreadsResponseBody"


class TerminateThreadsRequest(TypedDict):
    """The request terminates the threads with the given ids. Clients should only call this request if the
    corresponding capability `supportsTerminateThreadsRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["terminateThreads"]
    arguments: "TerminateThreadsArguments"


class TerminateThreadsArguments(TypedDict):
    """Arguments for `terminateThreads` request."""

    threadIds: NotRequired[list[int]]


class TerminateThreadsResponse(TypedDict):
    """Response to `terminateThreads` request. This is just an acknowledgement, no body field is required."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]


class ModulesRequest(TypedDict):
    """Modules can be retrieved from the debug adapter with this request which can either return all modules or a
    range of modules to support paging. Clients should only call this request if the corresponding capability
    `supportsModulesRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["modules"]
    arguments: "ModulesArguments"


class ModulesArguments(TypedDict):
    """Arguments for `modules` request."""

    startModule: NotRequired[int]
    moduleCount: NotRequired[int]


class ModulesResponseBody(TypedDict):
    """``body`` of :class:`ModulesResponse`."""

    modules: list["Module"]
    totalModules: NotRequired[int]


class ModulesResponse(TypedDict):
    """Response to `modules` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ModulesResponseBody"


class LoadedSourcesRequest(TypedDict):
    """Retrieves the set of all sources currently loaded by the debugged process. Clients should only call this
    request if the corresponding capability `supportsLoadedSourcesRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["loadedSources"]
    arguments: NotRequired["LoadedSourcesArguments"]


class LoadedSourcesArguments(TypedDict):
    """Arguments for `loadedSources` request."""


class LoadedSourcesResponseBody(TypedDict):
    """``body`` of :class:`LoadedSourcesResponse`."""

    sources: list["Source"]


class LoadedSourcesResponse(TypedDict):
    """Response to `loadedSources` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "LoadedSourcesResponseBody"


class EvaluateRequest(TypedDict):
    """Evaluates the given expression in the context of the topmost stack frame. The expression has access to any
    variables and arguments that are in scope."""

    seq: int
    type: Literal["request"]
    command: Literal["evaluate"]
    arguments: "EvaluateArguments"


class EvaluateArguments(TypedDict):
    """Arguments for `evaluate` request."""

    expression: str
    frameId: NotRequired[int]
    context: NotRequired[str]
    format: NotRequired["ValueFormat"]


class EvaluateResponseBody(TypedDict):
    """``body`` of :class:`EvaluateResponse`."""

    result: str
    type: NotRequired[str]
    presentationHint: NotRequired["VariablePresentationHint"]
    variablesReference: int
    namedVariables: NotRequired[int]
    indexedVariables: NotRequired[int]
    memoryReference: NotRequired[str]


class EvaluateResponse(TypedDict):
    """Response to `evaluate` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "EvaluateResponseBody"


class SetExpressionRequest(TypedDict):
    """Evaluates the given `value` expression and assigns it to the `expression` which must be a modifiable
    l-value. The expressions have access to any variables and arguments that are in scope of the specified
    frame. Clients should only call this request if the corresponding capability `supportsSetExpression` is
    true. If a debug adapter implements both `setExpression` and `setVariable`, a client uses `setExpression`
    if the variable has an `evaluateName` property."""

    seq: int
    type: Literal["request"]
    command: Literal["setExpression"]
    arguments: "SetExpressionArguments"


class SetExpressionArguments(TypedDict):
    """Arguments for `setExpression` request."""

    expression: str
    value: str
    frameId: NotRequired[int]
    format: NotRequired["ValueFormat"]


class SetExpressionResponseBody(TypedDict):
    """``body`` of :class:`SetExpressionResponse`."""

    value: str
    type: NotRequired[str]
    presentationHint: NotRequired["VariablePresentationHint"]
    variablesReference: NotRequired[int]
    namedVariables: NotRequired[int]
    indexedVariables: NotRequired[int]
    memoryReference: NotRequired[str]


class SetExpressionResponse(TypedDict):
    """Response to `setExpression` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "SetExpressionResponseBody"


class StepInTargetsRequest(TypedDict):
    """This request retrieves the possible step-in targets for the specified stack frame. These targets can be
    used in the `stepIn` request. Clients should only call this request if the corresponding capability
    `supportsStepInTargetsRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["stepInTargets"]
    arguments: "StepInTargetsArguments"


class StepInTargetsArguments(TypedDict):
    """Arguments for `stepInTargets` request."""

    frameId: int


class StepInTargetsResponseBody(TypedDict):
    """``body`` of :class:`StepInTargetsResponse`."""

    targets: list["StepInTarget"]


class StepInTargetsResponse(TypedDict):
    """Response to `stepInTargets` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "StepInTargetsResponseBody"


class GotoTargetsRequest(TypedDict):
    """This request retrieves the possible goto targets for the specified source location. These targets can be
    used in the `goto` request. Clients should only call this request if the corresponding capability
    `supportsGotoTargetsRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["gotoTargets"]
    arguments: "GotoTargetsArguments"


class GotoTargetsArguments(TypedDict):
    """Arguments for `gotoTargets` request."""

    source: "Source"
    line: int
    column: NotRequired[int]


class GotoTargetsResponseBody(TypedDict):
    """``body`` of :class:`GotoTargetsResponse`."""

    targets: list["GotoTarget"]


class GotoTargetsResponse(TypedDict):
    """Response to `gotoTargets` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "GotoTargetsResponseBody"


class CompletionsRequest(TypedDict):
    """Returns a list of possible completions for a given caret position and text. Clients should only call this
    request if the corresponding capability `supportsCompletionsRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["completions"]
    arguments: "CompletionsArguments"


class CompletionsArguments(TypedDict):
    """Arguments for `completions` request."""

    frameId: NotRequired[int]
    text: str
    column: int
    line: NotRequired[int]


class CompletionsResponseBody(TypedDict):
    """``body`` of :class:`CompletionsResponse`."""

    targets: list["CompletionItem"]


class CompletionsResponse(TypedDict):
    """Response to `completions` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "CompletionsResponseBody"


class ExceptionInfoRequest(TypedDict):
    """Retrieves the details of the exception that caused this event to be raised. Clients should only call this
    request if the corresponding capability `supportsExceptionInfoRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["exceptionInfo"]
    arguments: "ExceptionInfoArguments"


class ExceptionInfoArguments(TypedDict):
    """Arguments for `exceptionInfo` request."""

    threadId: int


class ExceptionInfoResponseBody(TypedDict):
    """``body`` of :class:`ExceptionInfoResponse`."""

    exceptionId: str
    description: NotRequired[str]
    breakMode: "ExceptionBreakMode"
    details: NotRequired["ExceptionDetails"]


class ExceptionInfoResponse(TypedDict):
    """Response to `exceptionInfo` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: "ExceptionInfoResponseBody"


class ReadMemoryRequest(TypedDict):
    """Reads bytes from memory at the provided location. Clients should only call this request if the
    corresponding capability `supportsReadMemoryRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["readMemory"]
    arguments: "ReadMemoryArguments"


class ReadMemoryArguments(TypedDict):
    """Arguments for `readMemory` request."""

    memoryReference: str
    offset: NotRequired[int]
    count: int


class ReadMemoryResponseBody(TypedDict):
    """``body`` of :class:`ReadMemoryResponse`."""

    address: str
    unreadableBytes: NotRequired[int]
    data: NotRequired[str]


class ReadMemoryResponse(TypedDict):
    """Response to `readMemory` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired["ReadMemoryResponseBody"]


class WriteMemoryRequest(TypedDict):
    """Writes bytes to memory at the provided location. Clients should only call this request if the
    corresponding capability `supportsWriteMemoryRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["writeMemory"]
    arguments: "WriteMemoryArguments"


class WriteMemoryArguments(TypedDict):
    """Arguments for `writeMemory` request."""

    memoryReference: str
    offset: NotRequired[int]
    allowPartial: NotRequired[bool]
    data: str


class WriteMemoryResponseBody(TypedDict):
    """``body`` of :class:`WriteMemoryResponse`."""

    offset: NotRequired[int]
    bytesWritten: NotRequired[int]


class WriteMemoryResponse(TypedDict):
    """Response to `writeMemory` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired["WriteMemoryResponseBody"]


class DisassembleRequest(TypedDict):
    """Disassembles code stored at the provided location. Clients should only call this request if the
    corresponding capability `supportsDisassembleRequest` is true."""

    seq: int
    type: Literal["request"]
    command: Literal["disassemble"]
    arguments: "DisassembleArguments"


class DisassembleArguments(TypedDict):
    """Arguments for `disassemble` request."""

    memoryReference: str
    offset: NotRequired[int]
    instructionOffset: NotRequired[int]
    instructionCount: int
    resolveSymbols: NotRequired[bool]


class DisassembleResponseBody(TypedDict):
    """``body`` of :class:`DisassembleResponse`."""

    instructions: list["DisassembledInstruction"]


class DisassembleResponse(TypedDict):
    """Response to `disassemble` request."""

    seq: int
    type: Literal["response"]
    request_seq: int
    success: bool
    command: str
    message: NotRequired[str]
    body: NotRequired["DisassembleResponseBody"]


class Capabilities(TypedDict):
    """Information about the capabilities of a debug adapter."""

    supportsConfigurationDoneRequest: NotRequired[bool]
    supportsFunctionBreakpoints: NotRequired[bool]
    supportsConditionalBreakpoints: NotRequired[bool]
    supportsHitConditionalBreakpoints: NotRequired[bool]
    supportsEvaluateForHovers: NotRequired[bool]
    exceptionBreakpointFilters: NotRequired[list["ExceptionBreakpointsFilter"]]
    supportsStepBack: NotRequired[bool]
    supportsSetVariable: NotRequired[bool]
    supportsRestartFrame: NotRequired[bool]
    supportsGotoTargetsRequest: NotRequired[bool]
    supportsStepInTargetsRequest: NotRequired[bool]
    supportsCompletionsRequest: NotRequired[bool]
    completionTriggerCharacters: NotRequired[list[str]]
    supportsModulesRequest: NotRequired[bool]
    additionalModuleColumns: NotRequired[list["ColumnDescriptor"]]
    supportedChecksumAlgorithms: NotRequired[list["ChecksumAlgorithm"]]
    supportsRestartRequest: NotRequired[bool]
    supportsExceptionOptions: NotRequired[bool]
    supportsValueFormattingOptions: NotRequired[bool]
    supportsExceptionInfoRequest: NotRequired[bool]
    supportTerminateDebuggee: NotRequired[bool]
    supportSuspendDebuggee: NotRequired[bool]
    supportsDelayedStackTraceLoading: NotRequired[bool]
    supportsLoadedSourcesRequest: NotRequired[bool]
    supportsLogPoints: NotRequired[bool]
    supportsTerminateThreadsRequest: NotRequired[bool]
    supportsSetExpression: NotRequired[bool]
    supportsTerminateRequest: NotRequired[bool]
    supportsDataBreakpoints: NotRequired[bool]
    supportsReadMemoryRequest: NotRequired[bool]
    supportsWriteMemoryRequest: NotRequired[bool]
    supportsDisassembleRequest: NotRequired[bool]
    supportsCancelRequest: NotRequired[bool]
    supportsBreakpointLocationsRequest: NotRequired[bool]
    supportsClipboardContext: NotRequired[bool]
    supportsSteppingGranularity: NotRequired[bool]
    supportsInstructionBreakpoints: NotRequired[bool]
    supportsExceptionFilterOptions: NotRequired[bool]
    supportsSingleThreadExecutionRequests: NotRequired[bool]


class ExceptionBreakpointsFilter(TypedDict):
    """An `ExceptionBreakpointsFilter` is shown in the UI as an filter option for configuring how exceptions are
    dealt with."""

    filter: str
    label: str
    description: NotRequired[str]
    default: NotRequired[bool]
    supportsCondition: NotRequired[bool]
    conditionDescription: NotRequired[str]


class Message(TypedDict):
    """A structured message object. Used to return errors from requests."""

    id: int
    format: str
    variables: NotRequired[dict[str, str]]
    sendTelemetry: NotRequired[bool]
    showUser: NotRequired[bool]
    url: NotRequired[str]
    urlLabel: NotRequired[str]


class Module(TypedDict):
    """A Module object represents a row in the modules view. The `id` attribute identifies a module in the
    modules view and is used in a `module` event for identifying a module for adding, updating or deleting.
    The `name` attribute is used to minimally render the module in the UI."""

    id: int | str
    name: str
    path: NotRequired[str]
    isOptimized: NotRequired[bool]
    isUserCode: NotRequired[bool]
    version: NotRequired[str]
    symbolStatus: NotRequired[str]
    symbolFilePath: NotRequired[str]
    dateTimeStamp: NotRequired[str]
    addressRange: NotRequired[str]


class ColumnDescriptor(TypedDict):
    """A `ColumnDescriptor` specifies what module attribute to show in a column of the modules view, how to
    format it, and what the column's label should be. It is only used if the underlying UI actually supports
    this level of customization."""

    attributeName: str
    label: str
    format: NotRequired[str]
    type: NotRequired[Literal["string", "number", "boolean", "unixTimestampUTC"]]
    width: NotRequired[int]


class Thread(TypedDict):
    """A Thread"""

    id: int
    name: str


class Source(TypedDict):
    """A `Source` is a descriptor for source code. It is returned from the debug adapter as part of a
    `StackFrame` and it is used by clients when specifying breakpoints."""

    name: NotRequired[str]
    path: NotRequired[str]
    sourceReference: NotRequired[int]
    presentationHint: NotRequired[Literal["normal", "emphasize", "deemphasize"]]
    origin: NotRequired[str]
    sources: NotRequired[list["Source"]]
    adapterData: NotRequired[list[Any] | bool | int | None | float | dict[str, Any] | str]
    checksums: NotRequired[list["Checksum"]]


class StackFrame(TypedDict):
    """A Stackframe contains the source location."""

    id: int
    name: str
    source: NotRequired["Source"]
    line: int
    column: int
    endLine: NotRequired[int]
    endColumn: NotRequired[int]
    canRestart: NotRequired[bool]
    instructionPointerReference: NotRequired[str]
    moduleId: NotRequired[int | str]
    presentationHint: NotRequired[Literal["normal", "label", "subtle"]]


class Scope(TypedDict):
    """A `Scope` is a named container for variables. Optionally a scope can map to a source or a range within a
    source."""

    name: str
    presentationHint: NotRequired[str]
    variablesReference: int
    namedVariables: NotRequired[int]
    indexedVariables: NotRequired[int]
    expensive: bool
    source: NotRequired["Source"]
    line: NotRequired[int]
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]


class Variable(TypedDict):
    """A Variable is a name/value pair. The `type` attribute is shown if space permits or when hovering over the
    variable's name. The `kind` attribute is used to render additional properties of the variable, e.g.
    different icons can be used to indicate that a variable is public or private. If the value is structured
    (has children), a handle is provided to retrieve the children with the `variables` request. If the number
    of named or indexed children is large, the numbers should be returned via the `namedVariables` and
    `indexedVariables` attributes. The client can use this information to present the children in a paged UI
    and fetch them in chunks."""

    name: str
    value: str
    type: NotRequired[str]
    presentationHint: NotRequired["VariablePresentationHint"]
    evaluateName: NotRequired[str]
    variablesReference: int
    namedVariables: NotRequired[int]
    indexedVariables: NotRequired[int]
    memoryReference: NotRequired[str]


class VariablePresentationHint(TypedDict):
    """Properties of a variable that can be used to determine how to render the variable in the UI."""

    kind: NotRequired[str]
    attributes: NotRequired[list[str]]
    visibility: NotRequired[str]
    lazy: NotRequired[bool]


class BreakpointLocation(TypedDict):
    """Properties of a breakpoint location returned from the `breakpointLocations` request."""

    line: int
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]


class SourceBreakpoint(TypedDict):
    """Properties of a breakpoint or logpoint passed to the `setBreakpoints` request."""

    line: int
    column: NotRequired[int]
    condition: NotRequired[str]
    hitCondition: NotRequired[str]
    logMessage: NotRequired[str]


class FunctionBreakpoint(TypedDict):
    """Properties of a breakpoint passed to the `setFunctionBreakpoints` request."""

    name: str
    condition: NotRequired[str]
    hitCondition: NotRequired[str]


DataBreakpointAccessType = Literal["read", "write", "readWrite"]
"""This enumeration defines all possible access types for data breakpoints."""


class DataBreakpoint(TypedDict):
    """Properties of a data breakpoint passed to the `setDataBreakpoints` request."""

    dataId: str
    accessType: NotRequired["DataBreakpointAccessType"]
    condition: NotRequired[str]
    hitCondition: NotRequired[str]


class InstructionBreakpoint(TypedDict):
    """Properties of a breakpoint passed to the `setInstructionBreakpoints` request"""

    instructionReference: str
    offset: NotRequired[int]
    condition: NotRequired[str]
    hitCondition: NotRequired[str]


class Breakpoint(TypedDict):
    """Information about a breakpoint created in `setBreakpoints`, `setFunctionBreakpoints`,
    `setInstructionBreakpoints`, or `setDataBreakpoints` requests."""

    id: NotRequired[int]
    verified: bool
    message: NotRequired[str]
    source: NotRequired["Source"]
    line: NotRequired[int]
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]
    instructionReference: NotRequired[str]
    offset: NotRequired[int]
    reason: NotRequired[Literal["pending", "failed"]]


SteppingGranularity = Literal["statement", "line", "instruction"]
"""The granularity of one 'step' in the stepping requests `next`, `stepIn`, `stepOut`, and `stepBack`."""


class StepInTarget(TypedDict):
    """A `StepInTarget` can be used in the `stepIn` request and determines into which single target the `stepIn`
    request should step."""

    id: int
    label: str
    line: NotRequired[int]
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]


class GotoTarget(TypedDict):
    """A `GotoTarget` describes a code location that can be used as a target in the `goto` request. The possible
    goto targets can be determined via the `gotoTargets` request."""

    id: int
    label: str
    line: int
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]
    instructionPointerReference: NotRequired[str]


class CompletionItem(TypedDict):
    """`CompletionItems` are the suggestions returned from the `completions` request."""

    label: str
    text: NotRequired[str]
    sortText: NotRequired[str]
    detail: NotRequired[str]
    type: NotRequired["CompletionItemType"]
    start: NotRequired[int]
    length: NotRequired[int]
    selectionStart: NotRequired[int]
    selectionLength: NotRequired[int]


CompletionItemType = Literal["method", "function", "constructor", "field", "variable", "class", "interface", "module", "property", "unit", "value", "enum", "keyword", "snippet", "text", "color", "file", "reference", "customcolor"]
"""Some predefined types for the CompletionItem. Please note that not all clients have specific icons for all of
them."""


ChecksumAlgorithm = Literal["MD5", "SHA1", "SHA256", "timestamp"]
"""Names of checksum algorithms that may be supported by a debug adapter."""


class Checksum(TypedDict):
    """The checksum of an item calculated by the specified algorithm."""

    algorithm: "ChecksumAlgorithm"
    checksum: str


class ValueFormat(TypedDict):
    """Provides formatting information for a value."""

    hex: NotRequired[bool]


class StackFrameFormat(TypedDict):
    """Provides formatting information for a stack frame."""

    hex: NotRequired[bool]
    parameters: NotRequired[bool]
    parameterTypes: NotRequired[bool]
    parameterNames: NotRequired[bool]
    parameterValues: NotRequired[bool]
    line: NotRequired[bool]
    module: NotRequired[bool]
    includeAll: NotRequired[bool]


class ExceptionFilterOptions(TypedDict):
    """An `ExceptionFilterOptions` is used to specify an exception filter together with a condition for the
    `setExceptionBreakpoints` request."""

    filterId: str
    condition: NotRequired[str]


class ExceptionOptions(TypedDict):
    """An `ExceptionOptions` assigns configuration options to a set of exceptions."""

    path: NotRequired[list["ExceptionPathSegment"]]
    breakMode: "ExceptionBreakMode"


ExceptionBreakMode = Literal["never", "always", "unhandled", "userUnhandled"]
"""This enumeration defines all possible conditions when a thrown exception should result in a break. never:
never breaks, always: always breaks, unhandled: breaks when exception unhandled, userUnhandled: breaks if the
exception is not handled by user code."""


class ExceptionPathSegment(TypedDict):
    """An `ExceptionPathSegment` represents a segment in a path that is used to match leafs or nodes in a tree of
    exceptions. If a segment consists of more than one name, it matches the names provided if `negate` is
    false or missing, or it matches anything except the names provided if `negate` is true."""

    negate: NotRequired[bool]
    names: list[str]


class ExceptionDetails(TypedDict):
    """Detailed information about an exception that has occurred."""

    message: NotRequired[str]
    typeName: NotRequired[str]
    fullTypeName: NotRequired[str]
    evaluateName: NotRequired[str]
    stackTrace: NotRequired[str]
    innerException: NotRequired[list["ExceptionDetails"]]


class DisassembledInstruction(TypedDict):
    """Represents a single disassembled instruction."""

    address: str
    instructionBytes: NotRequired[str]
    instruction: str
    symbol: NotRequired[str]
    location: NotRequired["Source"]
    line: NotRequired[int]
    column: NotRequired[int]
    endLine: NotRequired[int]
    endColumn: NotRequired[int]
    presentationHint: NotRequired[Literal["normal", "invalid"]]


InvalidatedAreas = str
"""Logical areas that can be invalidated by the `invalidated` event."""

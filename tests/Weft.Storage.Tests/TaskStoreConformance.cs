using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Tasks;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The task store's behaviour, written once and run against SQLite and PostgreSQL; each test has a fresh database.</summary>
public abstract class TaskStoreConformance : StoreFixture
{
    private static TaskRecord NewTask(string? runId, string? user = null, string? role = null, string? filter = null, DateTimeOffset? at = null) => new()
    {
        Id = Guid.CreateVersion7(at ?? T0).ToString(),
        Namespace = "default",
        RunId = runId,
        Step = runId is null ? null : "ask",
        Attempt = runId is null ? 0 : 1,
        Title = "Approve",
        Description = "please",
        AssigneeUser = user,
        AssigneeRole = role,
        AssigneeFilter = filter,
        Form = [new FormField("comment", "Comment", FieldType.String, Required: true), new FormField("pick", "Pick", FieldType.Choice, Options: ["a", "b"])],
        Values = new JsonObject { ["pick"] = "a" },
        Actions = ["approve", "reject"],
        DueAt = T0.AddDays(2),
        CreatedAt = at ?? T0,
    };

    /// <summary>A new run whose first checkpoint opens <paramref name="task"/>, as a human step's does.</summary>
    private async Task<RunWrite> WriteRunWithTaskAsync(Func<string, TaskRecord> task)
    {
        var model = DefinitionParser.Parse("name: d\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var run = new RunRecord
        {
            Id = Guid.CreateVersion7(T0).ToString(), Namespace = "default", DefinitionId = "def-1", DefinitionName = "d", DefinitionVersion = 1,
            Input = [], CreatedAt = T0, UpdatedAt = T0,
        };
        var write = WorkflowEngine.Create(run, model, T0, "tester") with { };
        run.State.HoldsOutside = true; // as the engine marks a run whose checkpoint opens a task
        write = write with { Effects = [new TaskCreated(task(run.Id))] };
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return write;
    }

    [Fact]
    public async Task TaskCreated_WithCheckpoint_IsStoredAndInTheRightInboxes()
    {
        TaskRecord? made = null;
        var write = await WriteRunWithTaskAsync(runId => made = NewTask(runId, role: "managers"));
        var stored = (await Store.Tasks.GetAsync(made!.Id, Ct))!;
        stored.RunId.ShouldBe(write.Run.Id);
        stored.Step.ShouldBe("ask");
        stored.Attempt.ShouldBe(1);
        stored.Status.ShouldBe(TaskStates.Open);
        stored.Form.Select(f => (f.Key, f.Type, f.Required)).ShouldBe([("comment", FieldType.String, true), ("pick", FieldType.Choice, false)]);
        stored.Form[1].Options.ShouldBe(["a", "b"]);
        stored.Values["pick"]!.GetValue<string>().ShouldBe("a");
        stored.Actions.ShouldBe(["approve", "reject"]);
        stored.DueAt.ShouldBe(T0.AddDays(2));
        stored.Version.ShouldBe(0);

        (await Store.Tasks.ListAsync(new TaskQuery(null, null, null, "ann", ["managers"], 10, null), Ct)).Items.Select(t => t.Id).ShouldBe([made.Id]);
        (await Store.Tasks.ListAsync(new TaskQuery(null, null, null, "bob", [], 10, null), Ct)).Items.ShouldBeEmpty();
        (await Store.Tasks.ListAsync(new TaskQuery("default", write.Run.Id, TaskStates.Open, null, null, 10, null), Ct)).Items.Count.ShouldBe(1);
        (await Store.Tasks.ListAsync(new TaskQuery("other", null, null, null, null, 10, null), Ct)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Complete_StoresSignalInSameTransaction_AndRefusesAStaleVersion()
    {
        TaskRecord? made = null;
        var write = await WriteRunWithTaskAsync(runId => made = NewTask(runId, user: "ann"));
        await Store.Work.ReleaseNodeAsync("node-a", T0, Ct);
        await Store.Work.ClaimAsync("node-a", 10, Lease, T0, Ct);
        var task = (await Store.Tasks.GetAsync(made!.Id, Ct))!;
        task.Status = TaskStates.Completed;
        task.Action = "approve";
        task.CompletedBy = "ann";
        task.CompletedAt = T0.AddMinutes(1);
        task.Values = new JsonObject { ["comment"] = "ok", ["pick"] = "b" };
        (await Store.Tasks.CompleteAsync(task, 0, new JsonObject { ["action"] = "approve" }, Ct)).ShouldBeTrue();
        (await Store.Tasks.CompleteAsync(task, 0, new JsonObject { ["action"] = "reject" }, Ct)).ShouldBeFalse();

        var stored = (await Store.Tasks.GetAsync(made.Id, Ct))!;
        (stored.Status, stored.Action, stored.CompletedBy, stored.Version).ShouldBe((TaskStates.Completed, "approve", "ann", 1L));
        stored.Values["comment"]!.GetValue<string>().ShouldBe("ok");
        var signals = (await Store.Work.ClaimAsync("node-b", 10, Lease, T0.AddMinutes(1), Ct)).Where(w => w.Kind == WorkKind.Signal).ToList();
        signals.Count.ShouldBe(1);
        (signals[0].RunId, signals[0].Step, signals[0].Attempt).ShouldBe((write.Run.Id, "ask", 1));
        signals[0].Payload!["action"]!.GetValue<string>().ShouldBe("approve");
    }

    [Fact]
    public async Task UpdateValues_OnlyAtTheExpectedVersionOfAnOpenTask()
    {
        var task = NewTask(null, user: "ann");
        await Store.Tasks.CreateAsync(task, [], Ct);
        (await Store.Tasks.UpdateValuesAsync(task.Id, 0, new JsonObject { ["comment"] = "one" }, Ct)).ShouldBeTrue();
        (await Store.Tasks.UpdateValuesAsync(task.Id, 0, new JsonObject { ["comment"] = "two" }, Ct)).ShouldBeFalse();
        var stored = (await Store.Tasks.GetAsync(task.Id, Ct))!;
        stored.Values["comment"]!.GetValue<string>().ShouldBe("one");
        stored.Version.ShouldBe(1);
        stored.RunId.ShouldBeNull();
    }

    [Fact]
    public async Task RunEnded_CancelsItsOpenTasks()
    {
        TaskRecord? made = null;
        var write = await WriteRunWithTaskAsync(runId => made = NewTask(runId, user: "ann"));
        var run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        var ended = WorkflowEngine.Terminate(run, T0.AddMinutes(5), "test", null);
        (await Store.Writer.WriteAsync([ended], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var stored = (await Store.Tasks.GetAsync(made!.Id, Ct))!;
        stored.Status.ShouldBe(TaskStates.Cancelled);
        stored.CompletedAt.ShouldBe(T0.AddMinutes(5));
    }

    [Fact]
    public async Task ReassignAndCancelEffects_ChangeOnlyThatStepsOpenTask()
    {
        TaskRecord? made = null;
        var write = await WriteRunWithTaskAsync(runId => made = NewTask(runId, filter: "${ true }"));
        var run = (await Store.Runs.GetAsync(write.Run.Id, Ct))!;
        var reassign = new RunWrite(run, run.Version, [], []) { Effects = [new TaskReassigned(run.Id, "ask", 1, null, "directors"), new TaskReassigned(run.Id, "ask", 2, "nobody", null)] };
        (await Store.Writer.WriteAsync([reassign], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var stored = (await Store.Tasks.GetAsync(made!.Id, Ct))!;
        (stored.AssigneeUser, stored.AssigneeRole, stored.AssigneeFilter, stored.Version).ShouldBe((null, "directors", null, 1L));

        run = (await Store.Runs.GetAsync(run.Id, Ct))!;
        var cancel = new RunWrite(run, run.Version, [], []) { Effects = [new TaskCancelled(run.Id, "ask", 1)] };
        (await Store.Writer.WriteAsync([cancel], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Store.Tasks.GetAsync(made.Id, Ct))!.Status.ShouldBe(TaskStates.Cancelled);
    }

    [Fact]
    public async Task List_PagesNewestFirstWithACursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var t = NewTask(null, user: "ann", at: T0.AddSeconds(i));
            await Store.Tasks.CreateAsync(t, [], Ct);
            ids.Add(t.Id);
        }
        var first = await Store.Tasks.ListAsync(new TaskQuery(null, null, null, "ann", null, 2, null), Ct);
        first.Items.Select(t => t.Id).ShouldBe([ids[4], ids[3]]);
        var second = await Store.Tasks.ListAsync(new TaskQuery(null, null, null, "ann", null, 2, first.NextCursor), Ct);
        second.Items.Select(t => t.Id).ShouldBe([ids[2], ids[1]]);
        var last = await Store.Tasks.ListAsync(new TaskQuery(null, null, null, "ann", null, 2, second.NextCursor), Ct);
        last.Items.Select(t => t.Id).ShouldBe([ids[0]]);
        last.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Files_AddListAndRead_RoundTrip()
    {
        var task = NewTask(null, user: "ann");
        await Store.Tasks.CreateAsync(task, [], Ct);
        var bytes = new byte[] { 0, 1, 2, 255 };
        var info = await Store.Tasks.AddFileAsync(task.Id, "scan.bin", "application/octet-stream", bytes, T0, Ct);
        info.Size.ShouldBe(4);
        (await Store.Tasks.ListFilesAsync(task.Id, Ct)).Select(f => f.Name).ShouldBe(["scan.bin"]);
        var (read, content) = (await Store.Tasks.GetFileAsync(task.Id, info.Id, Ct))!.Value;
        read.ContentType.ShouldBe("application/octet-stream");
        content.ShouldBe(bytes);
        (await Store.Tasks.GetFileAsync("other-task", info.Id, Ct)).ShouldBeNull();
    }
}

namespace ProgressKit.Tests.Fakes;

/// <summary>
/// Tests that measure the whole process (its GC heap) run in this collection: alone, after the parallel ones, so that
/// no other test's objects are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcessCollection
{
    public const string Name = "whole process";
}

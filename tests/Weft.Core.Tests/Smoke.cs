namespace Weft.Core.Tests; public class Smoke { [Xunit.Fact] public void Ok() { } }

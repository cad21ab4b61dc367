namespace Weft.Server.Tests; public class Smoke { [Xunit.Fact] public void Ok() { } }

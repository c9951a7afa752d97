using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ProgressKit.TestUtilities;

namespace ProgressKit.LocalServers.Tests;

public sealed class DynaliteServerTests
{
    [Fact]
    public async Task StartAsync_CreateTablePutGet_RoundTrips()
    {
        await using var server = await DynaliteServer.StartAsync().WithTimeout(TestTimeouts.FirstServerStart);
        using var client = CreateClient(server);

        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "smoke",
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await client.PutItemAsync("smoke", new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "job-1" },
            ["progress"] = new() { N = "42" },
        });
        var item = await client.GetItemAsync("smoke", new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "job-1" } });

        item.Item["progress"].N.Should().Be("42");
        server.ServiceUrl.Should().Be(new Uri($"http://127.0.0.1:{server.Port}"));
    }

    [Fact]
    public async Task DisposeAsync_StopsProcessAndFreesPort()
    {
        var server = await DynaliteServer.StartAsync().WithTimeout(TestTimeouts.FirstServerStart);
        var processId = server.Process.Id;

        await server.DisposeAsync();

        server.Process.HasExited.Should().BeTrue();
        Directory.Exists($"/proc/{processId}").Should().BeFalse("the process was reaped");
        var connect = async () =>
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync("127.0.0.1", server.Port);
        };
        await connect.Should().ThrowAsync<SocketException>();
    }

    private static AmazonDynamoDBClient CreateClient(DynaliteServer server) =>
        new(new BasicAWSCredentials("fake", "fake"), new AmazonDynamoDBConfig
        {
            ServiceURL = server.ServiceUrl.ToString(),
            AuthenticationRegion = "us-east-1",
        });
}

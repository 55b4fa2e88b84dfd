using MLNet.Rnn.Data;

namespace MLNet.Rnn.Tests.Data;

[TestClass]
public sealed class TableMappingTests
{
    private sealed class Everything
    {
        public string Text { get; set; } = "";
        public string[] Tokens { get; set; } = [];
        public float Single { get; set; }
        public double Double { get; set; }
        public int Int { get; set; }
        public long Long { get; set; }
        public bool Flag { get; set; }
        public float[] Vector { get; set; } = [];
        public double[] DoubleVector { get; set; } = [];
        public float[][] Sequence { get; set; } = [];

        [TableColumn("Renamed")]
        public string Original { get; set; } = "";

        public float Field;

        [TableColumn(Ignore = true)]
        public DateTime Ignored { get; set; }

        public int Computed => Int * 2; // get-only: not a column
    }

    private sealed class Unsupported
    {
        public decimal Price { get; set; }
    }

    private sealed class Scored
    {
        public string Text { get; set; } = "unset";
        public float Score { get; set; }
    }

    private sealed class WrongKind
    {
        public bool Single { get; set; }
    }

    private sealed class IntTarget
    {
        public int Single { get; set; }
    }

    private static Everything Sample(int i) => new()
    {
        Text = $"text {i}",
        Tokens = ["a", $"b{i}"],
        Single = i + 0.5f,
        Double = i * 2.25,
        Int = -i,
        Long = 1L << 40,
        Flag = i % 2 == 0,
        Vector = [i, i + 1],
        DoubleVector = [0.5, i],
        Sequence = [[i], [i + 1]],
        Original = $"orig {i}",
        Field = i * 10,
    };

    [TestMethod]
    public void MembersMapToKindsInDeclarationOrder()
    {
        var members = TableMapping<Everything>.Instance.Members;

        CollectionAssert.AreEqual(
            new[] { "Text", "Tokens", "Single", "Double", "Int", "Long", "Flag", "Vector", "DoubleVector", "Sequence", "Renamed", "Field" },
            members.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(
            new[] { ColumnKind.Text, ColumnKind.Tokens, ColumnKind.Number, ColumnKind.Number, ColumnKind.Number, ColumnKind.Number, ColumnKind.Boolean, ColumnKind.Vector, ColumnKind.Vector, ColumnKind.Sequence, ColumnKind.Text, ColumnKind.Number },
            members.Select(m => m.Kind).ToArray());
        Assert.AreEqual("Original", members[10].MemberName);
        Assert.AreEqual(-1, members[0].Position);
    }

    [TestMethod]
    public void RowsRoundTripThroughATable()
    {
        var rows = Enumerable.Range(0, 3).Select(Sample).ToList();

        var table = TableLoader.FromEnumerable(rows);
        var back = TableLoader.ToEnumerable<Everything>(table).ToList();

        Assert.AreEqual(3, table.RowCount);
        Assert.AreEqual(4.5f, table.GetNumbers("Double")[2]);
        CollectionAssert.AreEqual(new[] { 0.5f, 2f }, table.GetVectors("DoubleVector")[2]);
        for (int i = 0; i < rows.Count; i++)
        {
            var (expected, actual) = (rows[i], back[i]);
            Assert.AreEqual(expected.Text, actual.Text);
            CollectionAssert.AreEqual(expected.Tokens, actual.Tokens);
            Assert.AreEqual(expected.Single, actual.Single);
            Assert.AreEqual(expected.Double, actual.Double);
            Assert.AreEqual(expected.Int, actual.Int);
            Assert.AreEqual(expected.Long, actual.Long);
            Assert.AreEqual(expected.Flag, actual.Flag);
            CollectionAssert.AreEqual(expected.Vector, actual.Vector);
            CollectionAssert.AreEqual(expected.DoubleVector, actual.DoubleVector);
            Assert.AreEqual(expected.Sequence.Length, actual.Sequence.Length);
            CollectionAssert.AreEqual(expected.Sequence[1], actual.Sequence[1]);
            Assert.AreEqual(expected.Original, actual.Original);
            Assert.AreEqual(expected.Field, actual.Field);
        }
    }

    [TestMethod]
    public void EmptyRowsGiveAnEmptyTableWithTheSchema()
    {
        var table = TableLoader.FromEnumerable(Array.Empty<Everything>());

        Assert.AreEqual(0, table.RowCount);
        Assert.AreEqual(12, table.Schema.Count);
    }

    [TestMethod]
    public void MembersWithoutColumnsKeepTheirDefaults()
    {
        var table = Table.Create([("Score", ColumnKind.Number, new[] { 0.25f }), ("Extra", ColumnKind.Boolean, new[] { true })]);

        var row = TableLoader.ToEnumerable<Scored>(table).Single();

        Assert.AreEqual(0.25f, row.Score);
        Assert.AreEqual("unset", row.Text);
    }

    [TestMethod]
    public void UnsupportedMemberTypeNamesTheMemberAndTheSupportedTypes()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => TableLoader.FromEnumerable(new[] { new Unsupported() }));

        StringAssert.Contains(error.Message, "Unsupported.Price");
        StringAssert.Contains(error.Message, "Decimal");
        StringAssert.Contains(error.Message, "Single[][]");
        StringAssert.Contains(error.Message, "Ignore = true");
    }

    [TestMethod]
    public void KindMismatchNamesColumnAndMember()
    {
        var table = TableLoader.FromEnumerable([Sample(1)]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => TableLoader.ToEnumerable<WrongKind>(table));

        StringAssert.Contains(error.Message, "Column 'Single' is Number");
        StringAssert.Contains(error.Message, "member 'WrongKind.Single' (Boolean) needs Boolean");
    }

    [TestMethod]
    public void IntegerMembersRoundAndRejectNumbersThatDoNotFit()
    {
        var table = Table.Create([("Single", ColumnKind.Number, new[] { 2.9999998f, float.NaN })]);

        var rows = TableLoader.ToEnumerable<IntTarget>(table);

        Assert.AreEqual(3, rows.First().Single);
        var error = Assert.ThrowsExactly<ArgumentException>(() => rows.ToList());
        StringAssert.Contains(error.Message, "Row 1, column 'Single': NaN does not fit member 'Single' (Int32)");
    }

    [TestMethod]
    public void NullRowIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => TableLoader.FromEnumerable(new Scored?[] { new(), null }));

        StringAssert.Contains(error.Message, "Row 1 is null");
    }
}

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="status",
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name="shipment",
            name="status",
            field=models.TextField(default="new"),
        ),
    ]

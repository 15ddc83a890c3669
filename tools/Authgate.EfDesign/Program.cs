// Nothing runs here: `dotnet ef` loads this project for its DesignTimeFactory.
return 0;
